package org.maproom.gateway.pages;

import java.util.List;
import org.maproom.contracts.http.ContentApi;
import org.maproom.contracts.http.ModerationApi;

/** What the article template shows. Counters are text ("—" when engagement-service did not answer); comments are
 * null when moderation-service did not answer. */
public record ArticlePage(
    String publication, ContentApi.Article article, String views, String commentCount, List<ModerationApi.Comment> comments) {}
