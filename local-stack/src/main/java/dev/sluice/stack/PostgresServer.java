package dev.sluice.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres server (zonky embedded binaries) with logical replication on, its data under the
 * stack's work directory, and a watchdog that stops it if this JVM dies without closing it.
 */
public final class PostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  private static final String USER = "postgres";
  private static final String LOCK_FILE = "epg-lock";

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres;
  private long postmasterPid;
  private Process watchdog;
  private boolean closed;

  private PostgresServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts Postgres in {@code dataDir}; call {@link #stopLeftover} first. */
  static PostgresServer start(Path dataDir, int port) throws IOException {
    if (Files.exists(dataDir)) {
      // Left by a run that did not close (a crash): initdb needs an empty directory.
      LOG.warn("Removing the data directory {} left by an earlier run", dataDir);
      Directories.delete(dataDir);
    }
    Files.createDirectories(dataDir.getParent());
    PostgresServer server = new PostgresServer(dataDir, port);
    server.launch();
    return server;
  }

  /**
   * Starts the postmaster on {@link #dataDir} (zonky runs initdb only when the directory holds no
   * {@code postgresql.conf}, so a restart keeps the data) and a watchdog for it.
   */
  private void launch() throws IOException {
    postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setServerConfig("wal_level", "logical")
            .setServerConfig("max_replication_slots", "20")
            .setServerConfig("max_wal_senders", "20")
            .setServerConfig("max_connections", "200")
            .setServerConfig("max_prepared_transactions", "64")
            .start();
    Optional<Long> pid = postmasterPid(dataDir);
    if (pid.isEmpty()) {
      postgres.close();
      throw new IOException("Postgres started but left no postmaster.pid in " + dataDir);
    }
    try {
      watchdog = Watchdog.guard(pid.get());
    } catch (IOException e) {
      postgres.close();
      throw e;
    }
    postmasterPid = pid.get();
  }

  /**
   * Restarts the server as an operator would ({@code pg_ctl stop -m fast}, then start on the same
   * data directory and port): every session ends; data, replication slots and prepared transactions
   * survive.
   */
  public synchronized void restart() throws IOException {
    if (closed) {
      throw new IllegalStateException("Postgres in " + dataDir + " is closed");
    }
    shutdown();
    launch();
    LOG.info("Postgres restarted on port {} (pid {})", port, postmasterPid);
  }

  /**
   * Stops a postmaster that an earlier, crashed run left running in {@code dataDir} (its pid in
   * {@code postmaster.pid}, its command line naming the directory): a fast shutdown, then a kill.
   */
  static void stopLeftover(Path dataDir) {
    failIfInUse(dataDir);
    Optional<ProcessHandle> leftover =
        postmasterPid(dataDir)
            .flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive)
            .filter(p -> Processes.commandLine(p).contains(dataDir.toString()));
    if (leftover.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = leftover.get();
    LOG.warn(
        "Stopping Postgres pid {} left running in {} by an earlier run", postmaster.pid(), dataDir);
    if (!Processes.signal(postmaster, "INT") || !Processes.awaitExit(postmaster, STOP_WAIT)) {
      LOG.warn("Postgres pid {} did not stop in {}: killing it", postmaster.pid(), STOP_WAIT);
      postmaster.destroyForcibly();
      if (!Processes.awaitExit(postmaster, STOP_WAIT)) {
        throw new IllegalStateException(
            "Cannot stop Postgres pid " + postmaster.pid() + " left running in " + dataDir);
      }
    }
  }

  /**
   * Fails if a live stack uses {@code dataDir}: zonky holds a lock on {@code epg-lock} while its
   * JVM runs, and the OS drops the lock when that JVM dies, so a crashed run never holds it.
   */
  private static void failIfInUse(Path dataDir) {
    Path lockFile = dataDir.resolve(LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return;
    }
    boolean locked;
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      locked = lock == null;
      if (lock != null) {
        lock.release();
      }
    } catch (OverlappingFileLockException e) {
      locked = true;
    } catch (IOException e) {
      return;
    }
    if (locked) {
      throw new IllegalStateException(
          dataDir
              + " belongs to a local stack that is still running: stop it, or use another work"
              + " directory");
    }
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

  /** The port Postgres listens on (localhost). */
  public int port() {
    return port;
  }

  /** The superuser, {@code postgres}; trust authentication, no password. */
  public String user() {
    return USER;
  }

  /** {@code jdbc:postgresql://localhost:<port>/<database>}. */
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

  /** The directory holding this server's data (deleted by {@link #close()}). */
  public Path dataDir() {
    return dataDir;
  }

  /** The postmaster's pid while it runs. */
  public synchronized Optional<Long> pid() {
    return ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
  }

  /** The pid of the watchdog process guarding this server against a crash of this JVM. */
  synchronized long watchdogPid() {
    return watchdog.pid();
  }

  /**
   * Stops the server (fast shutdown, then a kill if it hangs), waits until its postmaster has
   * exited, then stops the watchdog. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    shutdown();
    try {
      Directories.delete(dataDir);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot remove the data directory {}", dataDir, e);
    }
  }

  /** Stops the postmaster (fast, then a kill if it hangs) and waits for it, then the watchdog. */
  private void shutdown() {
    try {
      // Returns at once if zonky's own shutdown hook is already stopping the server: wait anyway.
      postgres.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("pg_ctl stop failed for {}", dataDir, e);
    }
    Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
    if (postmaster.isPresent() && !Processes.awaitExit(postmaster.get(), STOP_WAIT)) {
      LOG.warn("Postgres pid {} did not stop in {}: killing it", postmasterPid, STOP_WAIT);
      postmaster.get().destroyForcibly();
      if (!Processes.awaitExit(postmaster.get(), STOP_WAIT)) {
        // keep the watchdog: it kills the server when this JVM ends
        throw new IllegalStateException("Cannot stop Postgres pid " + postmasterPid);
      }
    }
    Watchdog.stop(watchdog);
  }
}
