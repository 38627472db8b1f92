package org.maproom.devmode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Function;
import org.maproom.contracts.Topics;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.LocalConfig;

/**
 * The all-in-one launcher: every service and the gateway in one JVM, with an embedded Kafka broker and embedded H2
 * databases kept under {@code .devdata/} (so a second start keeps the data), a demo article, and the URL printed.
 * With {@code PG_URL} set it uses that PostgreSQL server (one database per service, created if missing); with
 * {@code KAFKA_BOOTSTRAP} set, that broker.
 */
public final class DevMode {
  static final String ADMIN_EMAIL = "admin@maproom.local";
  static final String ADMIN_PASSWORD = "maproom-dev-admin";

  public static void main(String[] args) {
    // Before any class with a logger loads (ServiceRuntime has one): testkit's logback-test.xml is on this classpath too.
    System.setProperty("logback.configurationFile", "logback-dev.xml");
    org.maproom.platform.ServiceRuntime.useCommonPoolForAsyncStages();
    try {
      run();
    } catch (Exception e) {
      e.printStackTrace();
      System.err.println("maproom did not start: " + e.getMessage());
      System.exit(1); // the embedded broker's threads would otherwise keep the JVM alive
    }
  }

  private static void run() throws java.io.IOException {
    Path data = Path.of(System.getProperty("maproom.dev.data", ".devdata")).toAbsolutePath();
    String pgUrl = System.getenv("PG_URL");
    String prefix = System.getenv().getOrDefault("MAPROOM_DB_PREFIX", "maproom_");
    String kafkaBootstrap = System.getenv("KAFKA_BOOTSTRAP");

    // Tests run a launcher next to a developer's one: they ask for free HTTP ports and their own Kafka ports.
    boolean freePorts = Boolean.getBoolean("maproom.dev.free-ports");
    int kafkaPort = Integer.getInteger("maproom.dev.kafka-port", 19092);

    EmbeddedKafka kafka = null;
    if (kafkaBootstrap == null) {
      kafka = EmbeddedKafka.start(data.resolve("kafka"), kafkaPort, kafkaPort + 1);
      kafka.createTopics(Topics.ALL, 4);
      kafkaBootstrap = kafka.bootstrapServers();
    }
    java.nio.file.Files.createDirectories(data.resolve("h2")); // once, before four services race to create it
    Function<String, LocalConfig.Database> databases =
        pgUrl == null ? service -> h2(data, service) : service -> postgres(pgUrl, prefix + service.replace("-service", ""));
    LocalSystem system = LocalSystem.start(databases, kafkaBootstrap, !freePorts, Map.of(
        "moderation.first-admin.email", ADMIN_EMAIL,
        "moderation.first-admin.password", ADMIN_PASSWORD,
        "moderation.first-admin.display-name", "Ada Writer"));
    EmbeddedKafka broker = kafka;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      system.close();
      if (broker != null) broker.close();
    }, "maproom-dev-shutdown"));

    String slug = DemoArticle.seed(system.gatewayUrl(), ADMIN_EMAIL, ADMIN_PASSWORD);
    System.out.println();
    System.out.println("  maproom is up:      " + system.gatewayUrl());
    System.out.println("  the demo article:   " + system.gatewayUrl() + "/articles/" + slug);
    System.out.println("  sign in (API):      " + ADMIN_EMAIL + " / " + ADMIN_PASSWORD + "  (dev only)");
    System.out.println("  data:               " + (pgUrl == null ? data : pgUrl) + "   Ctrl-C stops.");
    System.out.println();
  }

  private static LocalConfig.Database h2(Path data, String service) {
    String file = data.resolve("h2").resolve(service).toString();
    // PostgreSQL mode for the read models' SQL; lowercase names as the journal schema has them; every commit
    // written at once, so a kill -9 loses nothing that was acknowledged; open until the services have stopped (H2's
    // own shutdown hook would close it under them).
    return new LocalConfig.Database(
        "jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_UPPER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
  }

  private static LocalConfig.Database postgres(String serverUrl, String database) {
    String user = System.getenv().getOrDefault("PG_USER", "postgres");
    String password = System.getenv().getOrDefault("PG_PASSWORD", "");
    try (Connection c = DriverManager.getConnection(serverUrl, user, password)) {
      try (ResultSet r = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (!r.next()) c.createStatement().execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare database " + database + " on " + serverUrl, e);
    }
    int slash = serverUrl.indexOf('/', "jdbc:postgresql://".length());
    String base = slash < 0 ? serverUrl + "/" : serverUrl.substring(0, slash + 1);
    return new LocalConfig.Database(base + database, user, password);
  }

  private DevMode() {}
}
