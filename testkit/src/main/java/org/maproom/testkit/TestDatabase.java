package org.maproom.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class (or one service in it), on the server named by {@code PG_URL}
 * (default: the local server at 127.0.0.1:5432, user postgres). Dropped on close. Services migrate their own schema.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String SERVER =
      System.getenv().getOrDefault("PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  private static final String USER = System.getenv().getOrDefault("PG_USER", "postgres");
  private static final String PASSWORD = System.getenv().getOrDefault("PG_PASSWORD", "");

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create(String purpose) {
    String name = ("mr_" + purpose.replaceAll("[^A-Za-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT);
    admin("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  public String url() {
    return serverBase() + name;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static String serverBase() {
    int slash = SERVER.indexOf('/', "jdbc:postgresql://".length());
    return slash < 0 ? SERVER + "/" : SERVER.substring(0, slash + 1);
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + SERVER + " refused: " + sql, e);
    }
  }
}
