package org.maproom.gateway.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The site's CSS and scripts, fingerprinted: each is served at {@code /assets/<name>.<hash>.<ext>} and cached for a
 * year, so a new version is a new address. Templates ask {@link #url} for the current one.
 */
public final class Assets {
  public static final java.util.List<String> NAMES = java.util.List.of("site.css", "article.js", "console.js", "icon.svg");
  private record Asset(String url, byte[] bytes, ContentType type) {}

  private static final Map<String, Asset> BY_NAME = NAMES.stream().collect(Collectors.toMap(Function.identity(), Assets::load));
  private static final Map<String, Asset> BY_URL = BY_NAME.values().stream().collect(Collectors.toMap(Asset::url, Function.identity()));

  private Assets() {}

  public static String url(String name) {
    return BY_NAME.get(name).url();
  }

  /** {@code GET /assets/{file}}: a fingerprinted asset, or 404. */
  public static Route serve(String file) {
    Asset asset = BY_URL.get("/assets/" + file);
    if (asset == null) return Directives.complete(HttpResponse.create().withStatus(404));
    return Directives.complete(HttpResponse.create()
        .withEntity(HttpEntities.create(asset.type(), asset.bytes()))
        .addHeader(RawHeader.create("Cache-Control", "public, max-age=31536000, immutable")));
  }

  /** The JS and CSS the site's pages load, in all: the budget is 50 KB. */
  public static int scriptAndStyleBytes() {
    return BY_NAME.entrySet().stream().filter(e -> !e.getKey().endsWith(".svg")).mapToInt(e -> e.getValue().bytes().length).sum();
  }

  private static Asset load(String name) {
    try (InputStream in = Assets.class.getResourceAsStream("/assets/" + name)) {
      byte[] bytes = in.readAllBytes();
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
      int dot = name.lastIndexOf('.');
      ContentType type = name.endsWith(".css") ? ContentTypes.create(MediaTypes.TEXT_CSS, HttpCharsets.UTF_8)
          : name.endsWith(".svg") ? ContentTypes.create(MediaTypes.IMAGE_SVG_XML)
          : ContentTypes.create(MediaTypes.APPLICATION_JAVASCRIPT, HttpCharsets.UTF_8);
      return new Asset("/assets/" + name.substring(0, dot) + "." + hash + name.substring(dot), bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
