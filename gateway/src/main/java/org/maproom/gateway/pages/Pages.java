package org.maproom.gateway.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.IllegalUriException;
import org.apache.pekko.util.ByteString;
import org.maproom.contracts.http.Problem;
import org.maproom.gateway.web.Visitors;
import org.maproom.platform.http.ProblemException;
import org.maproom.platform.http.Problems;

/**
 * The one way a page is answered: rendered from a precompiled template (escaped by default), with an ETag, never
 * stored by shared caches (pages carry the visitor's form token); a failure is the site's own error page, never a
 * stack trace or a JSON problem; forms are read with a size limit and their anti-forgery token checked.
 */
public final class Pages {
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
  private static final long MAX_FORM_BYTES = 64 * 1024;
  private static final RawHeader NO_SHARED_CACHE = RawHeader.create("Cache-Control", "private, no-cache");
  private final String publication;
  private final Visitors visitors;

  public Pages(String publication, Visitors visitors) {
    this.publication = publication;
    this.visitors = visitors;
  }

  public String publication() {
    return publication;
  }

  public Frame frame(String title, Visitors.Visitor visitor) {
    return Frame.of(publication, title, visitor);
  }

  /** A page for this visitor; any failure under it is answered with the error page. */
  public Route visitor(Function<Visitors.Visitor, Route> inner) {
    return visitors.visitor(visitor -> Directives.handleExceptions(errors(visitor), () -> inner.apply(visitor)));
  }

  /** A posted form whose anti-forgery token is this visitor's (403 page otherwise). */
  public Route form(Visitors.Visitor visitor, Function<Map<String, String>, Route> inner) {
    return Directives.withSizeLimit(MAX_FORM_BYTES, () -> Directives.formFieldMap(fields -> {
      visitors.checkForm(visitor, fields.get(Visitors.FORM_FIELD));
      return inner.apply(fields);
    }));
  }

  public Route render(int status, String template, Map<String, Object> params) {
    return html(status, renderToString(template, params));
  }

  /** The rendered page once {@code html} completes; its failure is the error page. */
  public Route render(Visitors.Visitor visitor, CompletionStage<String> html) {
    return Directives.onComplete(html, result -> result.isSuccess() ? html(200, result.get()) : error(visitor, result.failed().get()));
  }

  /** A page filled from its shape once {@code page} completes; its failure is the error page. */
  public Route serve(Visitors.Visitor visitor, CompletionStage<PageShape.Filled> page) {
    return Directives.onComplete(page, result -> {
      if (result.isFailure()) return error(visitor, result.failed().get());
      HttpResponse response = HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, ByteString.fromArrayUnsafe(result.get().body())))
          .addHeader(NO_SHARED_CACHE);
      return Directives.conditional(EntityTag.create(result.get().etag(), false), () -> Directives.complete(response));
    });
  }

  public Route error(Visitors.Visitor visitor, Throwable failure) {
    Problem problem = Problems.fromFailure(failure);
    String title = switch (problem.status()) {
      case 404 -> "Not found";
      case 403 -> "Not allowed";
      case 401 -> "Sign in first";
      default -> problem.status() < 500 ? "That did not work" : "Something went wrong";
    };
    String detail = switch (problem.status()) {
      case 404 -> "There is nothing at this address.";
      case 403 -> "This page is not for you, or the form was too old: go back, reload the page and try again.";
      case 401 -> "Sign in to see this page.";
      default -> problem.status() < 500 ? problem.detail() : "Please try again in a moment.";
    };
    return render(problem.status(), "error.jte", Map.of("frame", frame(title, visitor), "detail", detail));
  }

  private ExceptionHandler errors(Visitors.Visitor visitor) {
    return ExceptionHandler.newBuilder().match(ProblemException.class, p -> error(visitor, p)).build();
  }

  /** 303 to a path of this site (anything else goes to the front page: no open redirects). */
  public static Route seeOther(String path) {
    return Directives.redirect(Uri.create(local(path)), StatusCodes.SEE_OTHER);
  }

  /**
   * {@code path} if it is a path on this site, else "/": what a {@code next} parameter may send a visitor to. No
   * whitespace, control character or backslash anywhere, since browsers drop tabs and newlines from a URL and read
   * a backslash as a slash ("/\t/evil.example" is "//evil.example", another site), and nothing Pekko cannot parse.
   */
  public static String local(String path) {
    if (path == null || path.length() >= 500 || !path.startsWith("/") || path.startsWith("//")) return "/";
    if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '\\')) return "/";
    try {
      Uri.create(path);
      return path;
    } catch (IllegalUriException e) {
      return "/";
    }
  }

  public static String renderToString(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    TEMPLATES.render(template, params, out);
    return out.toString();
  }

  private static Route html(int status, String html) {
    HttpResponse response = HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, html))
        .addHeader(NO_SHARED_CACHE);
    if (status != 200) return Directives.complete(response);
    return Directives.conditional(EntityTag.create(etag(html), false), () -> Directives.complete(response));
  }

  private static String etag(String html) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(html.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
