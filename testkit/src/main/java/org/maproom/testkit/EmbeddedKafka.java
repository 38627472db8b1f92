package org.maproom.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one combined broker+controller node in KRaft mode on 127.0.0.1, free ports. The
 * only class that touches Kafka's internal server classes, so a Kafka upgrade breaks in one place. Keeps its data in
 * the given folder, so a restart with the same folder keeps every topic and committed offset.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /** A broker with its data in a fresh temporary folder. */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("maproom-kafka"), Ports.free(), Ports.free());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A broker with its data in {@code dataDir} (formatted on first use) listening on the given ports. */
  public static EmbeddedKafka start(Path dataDir, int brokerPort, int controllerPort) {
    try {
      Files.createDirectories(dataDir);
      String dir = dataDir.toAbsolutePath().toString();
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        new Formatter()
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(Set.of(dir))
            .setMetadataLogDirectory(dir)
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .run();
      }
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("log.dirs", dir);
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("auto.create.topics.enable", "false");
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka failed to start", e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates the topics (replication factor 1: there is one broker) unless they exist. */
  public void createTopics(Collection<String> names, int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
      for (var future : admin.createTopics(topics).values().values()) {
        try {
          future.get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not create topics " + names, e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
