package org.maproom.content.feeds;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.maproom.content.readmodel.ArticleQueries.FeedItem;
import org.maproom.platform.Text;

/**
 * The site's Atom 1.0 and RSS 2.0 feeds, and its sitemap. Links are built from the public base URL. Text stored
 * before the services refused control characters is made fit for XML here, so that one title cannot break the feed.
 */
public final class Feeds {
  public static final int FEED_SIZE = 50;
  private final String baseUrl;
  private final String publication;

  public Feeds(String baseUrl, String publication) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.publication = publication;
  }

  public String atom(List<FeedItem> items) {
    return write(feed("atom_1.0", items));
  }

  public String rss(List<FeedItem> items) {
    return write(feed("rss_2.0", items));
  }

  /** sitemaps.org 0.9: the front page and every published article with its last change. */
  public String sitemap(List<FeedItem> items) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        .append("  <url><loc>").append(escape(baseUrl + "/")).append("</loc></url>\n");
    for (FeedItem item : items) {
      xml.append("  <url><loc>").append(escape(url(item.slug()))).append("</loc><lastmod>")
          .append(DateTimeFormatter.ISO_INSTANT.format(item.updatedAt())).append("</lastmod></url>\n");
    }
    return xml.append("</urlset>\n").toString();
  }

  private SyndFeed feed(String type, List<FeedItem> items) {
    SyndFeed feed = new SyndFeedImpl();
    feed.setFeedType(type);
    feed.setTitle(Text.forXml(publication));
    feed.setLink(baseUrl + "/");
    feed.setUri(baseUrl + "/");
    feed.setDescription(Text.forXml("The latest from " + publication));
    feed.setLanguage("en");
    feed.setPublishedDate(Date.from(items.isEmpty() ? Instant.EPOCH : items.get(0).updatedAt()));
    SyndLink self = new SyndLinkImpl();
    self.setRel("self");
    self.setHref(baseUrl + (type.startsWith("atom") ? "/feed.atom" : "/feed.rss"));
    feed.setLinks(List.of(self));
    List<SyndEntry> entries = new ArrayList<>();
    for (FeedItem item : items) {
      SyndEntry e = new SyndEntryImpl();
      e.setTitle(Text.forXml(item.title()));
      e.setLink(url(item.slug()));
      e.setUri(url(item.slug()));
      e.setAuthor(Text.forXml(item.authorName()));
      e.setPublishedDate(Date.from(item.publishedAt()));
      e.setUpdatedDate(Date.from(item.updatedAt()));
      SyndContent summary = new SyndContentImpl();
      summary.setType("text/plain");
      summary.setValue(Text.forXml(item.dek()));
      e.setDescription(summary);
      SyndContent body = new SyndContentImpl();
      body.setType("html");
      body.setValue(Text.forXml(item.bodyHtml()));
      e.setContents(List.of(body));
      entries.add(e);
    }
    feed.setEntries(entries);
    return feed;
  }

  private String url(String slug) {
    return baseUrl + "/articles/" + slug;
  }

  private static String write(SyndFeed feed) {
    try {
      return new SyndFeedOutput().outputString(feed);
    } catch (FeedException e) {
      throw new IllegalStateException("the feed could not be written", e);
    }
  }

  private static String escape(String s) {
    return Text.forXml(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
  }
}
