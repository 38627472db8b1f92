package org.maproom.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads a service's OpenAPI file under docs/api/ so a test can compare its operations with the routes. */
public final class OpenApiSpec {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private final JsonNode root;

  private OpenApiSpec(JsonNode root) {
    this.root = root;
  }

  /** {@code docs/api/<file>} found from the current module or the project root. */
  public static OpenApiSpec load(String file) {
    for (Path base = Path.of("").toAbsolutePath(); base != null; base = base.getParent()) {
      Path candidate = base.resolve("docs/api").resolve(file);
      if (Files.exists(candidate)) {
        try {
          return new OpenApiSpec(new ObjectMapper(new YAMLFactory()).readTree(candidate.toFile()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    throw new IllegalArgumentException("docs/api/" + file + " not found above " + Path.of("").toAbsolutePath());
  }

  /** Every operation as "METHOD /path/{param}", sorted. */
  public Set<String> operations() {
    Set<String> ops = new TreeSet<>();
    root.path("paths").fields().forEachRemaining(path ->
        path.getValue().fieldNames().forEachRemaining(method -> {
          if (METHODS.contains(method)) ops.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }));
    return ops;
  }

  public String version() {
    return root.path("openapi").asText();
  }
}
