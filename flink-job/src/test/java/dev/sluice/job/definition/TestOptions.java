package dev.sluice.job.definition;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;

/** Options the test factories share. */
public final class TestOptions {

  private TestOptions() {}

  /** A policy spelled with hyphens in files, as the real schema-drift one. */
  public enum Drift {
    EVOLVE,
    IGNORE,
    DEAD_LETTER,
    FAIL
  }

  /** How a test sink writes. */
  public enum Mode {
    APPEND,
    UPSERT
  }

  public static final ConfigOption<String> VIEW =
      key("view").stringType().noDefaultValue().withDescription("View the SQL reads.");

  public static final ConfigOption<List<String>> KEY =
      key("key").stringType().asList().noDefaultValue().withDescription("Key columns.");

  public static final ConfigOption<Drift> SCHEMA_DRIFT =
      key("schema-drift")
          .enumType(Drift.class)
          .defaultValue(Drift.EVOLVE)
          .withDescription("What a changed schema does.");

  public static final ConfigOption<String> HOSTNAME =
      key("hostname").stringType().noDefaultValue().withDescription("Database host.");

  public static final ConfigOption<Integer> PORT =
      key("port").intType().defaultValue(5432).withDescription("Database port.");

  public static final ConfigOption<String> PASSWORD_ENV =
      key("password-env").stringType().noDefaultValue().withDescription("Password variable.");

  public static final ConfigOption<Duration> HEARTBEAT =
      key("heartbeat-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("WAL heartbeat.");

  public static final ConfigOption<String> SLOT_NAME =
      key("slot-name").stringType().noDefaultValue().withDescription("Replication slot.");

  public static final ConfigOption<String> TABLE =
      key("table").stringType().noDefaultValue().withDescription("Schema-qualified table.");

  public static final ConfigOption<String> PATH =
      key("path").stringType().noDefaultValue().withDescription("Landing directory.");

  public static final ConfigOption<Duration> DISCOVERY_INTERVAL =
      key("discovery-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(2))
          .withDescription("How often files are looked for.");

  public static final ConfigOption<String> URL =
      key("url").stringType().noDefaultValue().withDescription("JDBC URL.");

  public static final ConfigOption<String> DEAD_LETTERS =
      key("dead-letters").stringType().noDefaultValue().withDescription("Dead-letter table.");

  public static final ConfigOption<Mode> MODE =
      key("mode").enumType(Mode.class).defaultValue(Mode.UPSERT).withDescription("Write mode.");
}
