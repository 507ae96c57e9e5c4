package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where and as whom to connect to Postgres; the password is read from an environment variable or a
 * file at connect time, so it never sits in the job graph, the config or a log.
 */
public final class PostgresEndpoint implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;
  private final String user;
  private final String passwordEnv;
  private final String passwordFile;

  /**
   * @param jdbcUrl e.g. {@code jdbc:postgresql://localhost:5432/app}
   * @param user the role to log in as
   * @param passwordEnv name of an environment variable holding the password, or null; an unset
   *     variable means no password
   * @param passwordFile path of a file holding the password, or null (no password: trust auth)
   */
  public PostgresEndpoint(String jdbcUrl, String user, String passwordEnv, String passwordFile) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.passwordEnv = passwordEnv;
    this.passwordFile = passwordFile;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

  public String user() {
    return user;
  }

  /** Opens a new connection (auto-commit on, as the driver gives it). */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    String password = password();
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "sluice");
    // The driver directly, not DriverManager: on a cluster the driver lives in the job's
    // classloader, which DriverManager does not search.
    Connection connection = DRIVER.connect(jdbcUrl, props);
    if (connection == null) {
      throw new SQLException("Not a Postgres JDBC URL: " + jdbcUrl);
    }
    return connection;
  }

  /** The password from the variable or file named, or null for none. */
  public String password() throws SQLException {
    if (passwordEnv != null && !passwordEnv.isBlank()) {
      // Unset means no password: trust or peer authentication, as on the local stack.
      return System.getenv(passwordEnv);
    }
    if (passwordFile != null && !passwordFile.isBlank()) {
      try {
        return Files.readString(Path.of(passwordFile)).strip();
      } catch (IOException e) {
        throw new SQLException("Cannot read Postgres password file " + passwordFile, e);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return user + "@" + jdbcUrl;
  }
}
