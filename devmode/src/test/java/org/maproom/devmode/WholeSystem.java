package org.maproom.devmode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.maproom.contracts.Topics;
import org.maproom.contracts.http.ModerationApi;
import org.maproom.testkit.EmbeddedKafka;
import org.maproom.testkit.JsonHttp;
import org.maproom.testkit.LocalConfig;
import org.maproom.testkit.TestDatabase;

/**
 * All four services, each on its own fresh PostgreSQL database, the embedded Kafka broker and the gateway, with a
 * first admin: what the end-to-end tests drive over real HTTP.
 */
final class WholeSystem implements AutoCloseable {
  static final String ADMIN_EMAIL = "editor@example.org";
  static final String ADMIN_PASSWORD = "a long admin password";
  final EmbeddedKafka kafka;
  final List<TestDatabase> databases = new ArrayList<>();
  final LocalSystem system;
  final JsonHttp gateway;

  WholeSystem() {
    this(Map.of());
  }

  /** {@code more}: configuration for every service on top of the first admin's. */
  WholeSystem(Map<String, Object> more) {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Topics.ALL, 4);
    Map<String, Object> config = new java.util.HashMap<>(more);
    config.put("moderation.first-admin.email", ADMIN_EMAIL);
    config.put("moderation.first-admin.password", ADMIN_PASSWORD);
    system = LocalSystem.start(service -> {
      TestDatabase db = TestDatabase.create(service);
      databases.add(db);
      return LocalConfig.Database.of(db);
    }, kafka.bootstrapServers(), false, config);
    gateway = new JsonHttp(system.gatewayUrl());
  }

  /** A session token for this account, signed in through the gateway's API. */
  String signIn(String email, String password) {
    var session = gateway.post("/api/sessions", new ModerationApi.SignIn(email, password));
    assertThat(session.status()).as(session.body()).isEqualTo(201);
    return session.as(ModerationApi.Session.class).token();
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Override
  public void close() {
    system.close();
    kafka.close();
    databases.forEach(TestDatabase::close);
  }
}
