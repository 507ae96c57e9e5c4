package dev.sluice.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres server (zonky embedded binaries) with logical replication on, its data under the
 * stack's work directory, and a watchdog that stops it if this JVM dies without closing it.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final String USER = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Process watchdog;

  private PostgresServer(EmbeddedPostgres postgres, Path dataDir, Process watchdog) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.watchdog = watchdog;
  }

  static PostgresServer start(Path dataDir, int port) throws IOException {
    killLeftover(dataDir);
    if (Files.exists(dataDir)) {
      // Left by a run that did not close (a crash): initdb needs an empty directory.
      LOG.warn("Removing the data directory {} left by an earlier run", dataDir);
      Directories.delete(dataDir);
    }
    Files.createDirectories(dataDir.getParent());
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(true)
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_replication_slots", "20")
            .setServerConfig("max_wal_senders", "20")
            .setServerConfig("max_connections", "200")
            .setServerConfig("max_prepared_transactions", "64")
            .start();
    long pid =
        postmasterPid(dataDir)
            .orElseThrow(() -> new IOException("Postgres started but left no postmaster.pid"));
    return new PostgresServer(postgres, dataDir, Watchdog.guard(pid));
  }

  /** Kills a postmaster left running in {@code dataDir} by an earlier, crashed run. */
  private static void killLeftover(Path dataDir) {
    postmasterPid(dataDir)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .ifPresent(
            leftover -> {
              LOG.warn(
                  "Stopping Postgres pid {} left running in {} by an earlier run",
                  leftover.pid(),
                  dataDir);
              leftover.destroyForcibly();
              leftover.onExit().join();
            });
  }

  /** The postmaster's pid, from the first line of {@code postmaster.pid}. */
  static Optional<Long> postmasterPid(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
      return first.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public String user() {
    return USER;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /** A new connection to {@code database} as the superuser (trust authentication). */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  /** Creates {@code name} unless it exists. */
  public void createDatabase(String name) {
    try (Connection c = connect("postgres");
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
        if (rs.next()) {
          return;
        }
      }
      st.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + name, e);
    }
  }

  /** The postmaster's pid while it runs. */
  public Optional<Long> pid() {
    return postmasterPid(dataDir);
  }

  /** Stops the server and waits until its postmaster has exited. */
  @Override
  public void close() {
    Optional<ProcessHandle> postmaster = pid().flatMap(ProcessHandle::of);
    try {
      postgres.close();
      postmaster.ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop Postgres in " + dataDir, e);
    } finally {
      watchdog.destroy();
    }
  }
}
