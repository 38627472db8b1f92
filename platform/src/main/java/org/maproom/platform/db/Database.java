package org.maproom.platform.db;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.flywaydb.core.Flyway;

/**
 * A service's own database: one connection pool for projections and read models (the journal has Slick's pool), the
 * schema migrated by Flyway at start (the journal from platform's scripts for this database kind, platform's shared
 * scripts, then the service's own {@code db/<service>} scripts), and blocking work kept on the projection's JDBC
 * dispatcher, never on an actor's.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Executor blocking;

  private Database(HikariDataSource dataSource, Executor blocking) {
    this.dataSource = dataSource;
    this.blocking = blocking;
  }

  public static Database open(ActorSystem<?> system, String serviceName) {
    Config db = system.settings().config().getConfig("maproom.db");
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(db.getString("url"));
    hikari.setUsername(db.getString("user"));
    hikari.setPassword(db.getString("password"));
    hikari.setMaximumPoolSize(db.getInt("pool-size"));
    hikari.setAutoCommit(false);
    hikari.setPoolName(serviceName);
    if (!db.getString("session-options").isEmpty()) hikari.addDataSourceProperty("options", db.getString("session-options"));
    HikariDataSource dataSource = new HikariDataSource(hikari);
    String vendor = db.getString("url").startsWith("jdbc:h2:") ? "h2" : "postgresql";
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/platform/" + vendor, "classpath:db/platform/common", "classpath:db/" + serviceName)
        .load()
        .migrate();
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("pekko.projection.jdbc.blocking-jdbc-dispatcher"));
    return new Database(dataSource, blocking);
  }

  /** A session for one projection transaction (auto-commit off). */
  public DbSession session() {
    try {
      return new DbSession(dataSource.getConnection());
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** Runs {@code work} in one transaction on the blocking dispatcher; commits if it returns, rolls back if it throws. */
  public <T> CompletionStage<T> transact(SqlFunction<Connection, T> work) {
    return CompletableFuture.supplyAsync(() -> transactNow(work), blocking);
  }

  /** The same as {@link #transact} on the calling thread: for start-up and for code already on a blocking thread. */
  public <T> T transactNow(SqlFunction<Connection, T> work) {
    try (Connection c = dataSource.getConnection()) {
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @FunctionalInterface
  public interface SqlFunction<A, B> {
    B apply(A a) throws SQLException;
  }

  public static final class DatabaseException extends RuntimeException {
    DatabaseException(SQLException cause) {
      super(cause);
    }
  }
}
