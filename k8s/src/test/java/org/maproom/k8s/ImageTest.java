package org.maproom.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.Ports;
import org.maproom.testkit.TestDatabase;

/**
 * Builds engagement-service's image to a tarball (nothing is pushed), checks its configuration, then unpacks its
 * layers and runs the entrypoint in a chroot as the image's user: the service starts and answers its probes.
 */
class ImageTest {
  static final Path TARBALL = Path.of("target", "images", "engagement-service.tar");
  static final ObjectMapper JSON = new ObjectMapper();
  static JsonNode config;
  static Path root;

  @BeforeAll
  static void build() throws Exception {
    var classpath = ImageBuilder.classpath(Path.of("..", "engagement-service"));
    ImageBuilder.build(new ImageBuilder.Service("engagement-service", "org.maproom.engagement.Main", classpath,
        List.of(8102, 8558, 25520)), TARBALL, "maproom/engagement-service:0.1.0");
    root = Files.createTempDirectory("maproom-image-root");
    Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unpacked = Files.createTempDirectory("maproom-image-tar");
    run(List.of("tar", "-xf", TARBALL.toAbsolutePath().toString(), "-C", unpacked.toString()));
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    config = JSON.readTree(unpacked.resolve(manifest.path("Config").asText()).toFile()).path("config");
    for (JsonNode layer : manifest.path("Layers")) {
      run(List.of("tar", "-xzf", unpacked.resolve(layer.asText()).toString(), "-C", root.toString()));
    }
  }

  @Test
  void theImageRunsAsAnUnprivilegedUserWithContainerSizedJvmFlags() {
    assertThat(config.path("User").asText()).isEqualTo("10001:10001");
    List<String> entrypoint = new ArrayList<>();
    config.path("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).startsWith("/opt/java/bin/java").contains("-XX:MaxRAMPercentage=70", "-XX:+ExitOnOutOfMemoryError")
        .endsWith("org.maproom.engagement.Main");
    assertThat(config.path("ExposedPorts").fieldNames()).toIterable().contains("8102/tcp", "8558/tcp");
    assertThat(root.resolve("opt/java/bin/java")).isExecutable();
    assertThat(root.resolve("app/classes/engagement-service.jar").toFile().exists()
        || Files.exists(root.resolve("app/libs/engagement-service-0.1.0-SNAPSHOT.jar"))).isTrue();
  }

  @Test
  void theServiceStartsFromTheUnpackedImage() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root (CI runs as root)");
    // What a container runtime provides: /proc (the loader finds the runtime's own libraries through it) and /dev.
    for (String fs : List.of("proc", "dev")) Files.createDirectories(root.resolve(fs));
    run(List.of("mount", "-t", "proc", "proc", root.resolve("proc").toString()));
    run(List.of("mount", "--bind", "/dev", root.resolve("dev").toString()));
    try (TestDatabase db = TestDatabase.create("image")) {
      int http = Ports.free();
      int management = Ports.free();
      List<String> command = new ArrayList<>(List.of("chroot", "--userspec=10001:10001", root.toString()));
      config.path("Entrypoint").forEach(e -> command.add(e.asText()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(root.resolve("tmp").resolve("service.log").toFile());
      var env = builder.environment();
      env.clear();
      config.path("Env").forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText().split("=", 2)[1]));
      env.put("DB_URL", db.url());
      env.put("DB_USER", db.user());
      env.put("DB_PASSWORD", db.password());
      env.put("KAFKA_BOOTSTRAP", "127.0.0.1:" + Ports.free()); // no broker: the consumers retry, the service still starts
      env.put("CLUSTER_JOIN_SELF", "on");
      env.put("HTTP_PORT", Integer.toString(http));
      env.put("MANAGEMENT_PORT", Integer.toString(management));
      env.put("REMOTE_PORT", Integer.toString(Ports.free()));
      env.put("IDENTITY_KEY", LocalConfig.IDENTITY_KEY);
      env.put("LOG_FORMAT", "text");
      Process service = builder.start();
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .failFast("the service exited", () ->
                assertThat(service.isAlive()).as(Files.readString(root.resolve("tmp/service.log"))).isTrue())
            .untilAsserted(() -> {
          var ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(ready.statusCode()).isEqualTo(200);
        });
        var problem = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/articles/nothing-here/counters")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(problem.statusCode()).isEqualTo(404);
        assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        var metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("jvm_memory_max_bytes");
      } finally {
        service.destroy();
        service.waitFor(30, TimeUnit.SECONDS);
        service.destroyForcibly();
      }
    } finally {
      run(List.of("umount", root.resolve("proc").toString()));
      run(List.of("umount", root.resolve("dev").toString()));
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
