package dev.sluice.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.SluiceJob;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline file parser against sample files: typed values and errors naming line and key. */
class PipelineConfigTest {

  private static Configuration load(String resource, Map<String, String> overrides)
      throws Exception {
    try (InputStream in = PipelineConfigTest.class.getClassLoader().getResourceAsStream(resource)) {
      return PipelineConfig.load(in, resource, overrides);
    }
  }

  @Test
  void theShopPipelineFileParsesIntoTypedOptions() throws Exception {
    Configuration options =
        load(SluiceJob.DEFAULT_PIPELINE, Map.of(ShopOptions.CHECKPOINT_INTERVAL.key(), "3 s"));
    assertThat(options.get(ShopOptions.PIPELINE_NAME)).isEqualTo("shop");
    assertThat(options.get(ShopOptions.TENANTS))
        .containsExactly("acme", "globex", "initech", "umbrella", "hooli");
    assertThat(options.get(ShopOptions.CDC_SLOT)).isEqualTo("sluice_shop");
    assertThat(options.get(ShopOptions.KAFKA_TRANSACTION_TIMEOUT))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(options.get(ShopOptions.CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
    assertThat(options.get(ShopOptions.SQL_FILES))
        .isEqualTo(List.of("10_staging.sql", "20_curate.sql", "30_marts.sql"));
    assertThat(options.get(ShopOptions.WAREHOUSE_TABLES)).hasSize(5);
  }

  @Test
  void schemaDriftPoliciesAreTypedAndSpelledWithHyphens() throws Exception {
    Configuration defaults = load(SluiceJob.DEFAULT_PIPELINE, Map.of());
    assertThat(defaults.get(ShopOptions.PAYMENTS_SCHEMA_DRIFT)).isEqualTo(SchemaDriftPolicy.EVOLVE);
    assertThat(defaults.get(ShopOptions.PAYMENTS_ORPHAN_GRACE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.get(ShopOptions.CLICKS_MAX_RECORD_KB)).isEqualTo(1024);
    Configuration options =
        load(
            SluiceJob.DEFAULT_PIPELINE,
            Map.of(
                ShopOptions.PAYMENTS_SCHEMA_DRIFT.key(), "dead-letter",
                ShopOptions.CLICKS_SCHEMA_DRIFT.key(), "FAIL"));
    assertThat(options.get(ShopOptions.PAYMENTS_SCHEMA_DRIFT))
        .isEqualTo(SchemaDriftPolicy.DEAD_LETTER);
    assertThat(options.get(ShopOptions.CLICKS_SCHEMA_DRIFT)).isEqualTo(SchemaDriftPolicy.FAIL);
    assertThatThrownBy(
            () ->
                load(
                    SluiceJob.DEFAULT_PIPELINE,
                    Map.of(ShopOptions.CLICKS_SCHEMA_DRIFT.key(), "drop")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key 'sources.clicks.schema-drift' has a bad value 'drop'");
  }

  @Test
  void anUnknownKeyFailsNamingTheKeyAndTheFile() {
    assertThatThrownBy(() -> load("pipelines/unknown-key.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipelines/unknown-key.yaml line 6")
        .hasMessageContaining("unknown key 'sources.cdc.slot'");
  }

  @Test
  void aBadValueFailsNamingTheKeyAndTheValue() {
    assertThatThrownBy(() -> load("pipelines/bad-duration.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipelines/bad-duration.yaml line 7")
        .hasMessageContaining("'checkpoint.interval'")
        .hasMessageContaining("every now and then");
  }

  @Test
  void aDuplicateKeyFailsNamingItsLine() {
    assertThatThrownBy(() -> load("pipelines/duplicate-key.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipelines/duplicate-key.yaml line 3")
        .hasMessageContaining("duplicate key 'pipeline.name' (first at line 2)");
  }

  @Test
  void aMissingRequiredKeyFailsNamingIt() {
    assertThatThrownBy(() -> load("pipelines/missing-tenants.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("required key 'pipeline.tenants' is missing");
  }

  @Test
  void theCdcSchemaDriftPolicyIsReadAsWrittenInTheFile() throws Exception {
    String key = ShopOptions.CDC_SCHEMA_DRIFT.key();
    assertThat(load(SluiceJob.DEFAULT_PIPELINE, Map.of()).get(ShopOptions.CDC_SCHEMA_DRIFT))
        .isEqualTo(SchemaDriftPolicy.EVOLVE);
    assertThat(
            load(SluiceJob.DEFAULT_PIPELINE, Map.of(key, "dead-letter"))
                .get(ShopOptions.CDC_SCHEMA_DRIFT))
        .isEqualTo(SchemaDriftPolicy.DEAD_LETTER);
    assertThatThrownBy(() -> load(SluiceJob.DEFAULT_PIPELINE, Map.of(key, "sometimes")))
        .hasMessageContaining("key '" + key + "' has a bad value 'sometimes'");
  }

  @Test
  void anUnwritableCheckpointDirectoryIsNamedAtStart(@TempDir Path dir) throws Exception {
    Path readOnly = dir.resolve("ro");
    Files.createDirectories(readOnly);
    Files.writeString(readOnly.resolve("not-a-dir"), "x");
    Configuration options =
        load(
            SluiceJob.DEFAULT_PIPELINE,
            Map.of(
                ShopOptions.CHECKPOINT_DIR.key(),
                readOnly.resolve("not-a-dir").resolve("checkpoints").toUri().toString()));
    assertThatThrownBy(() -> JobEnvironment.checkCheckpointDir(options))
        .hasMessageContaining("checkpoint.dir: cannot write checkpoints to")
        .hasMessageContaining("not-a-dir");
    JobEnvironment.checkCheckpointDir(
        load(
            SluiceJob.DEFAULT_PIPELINE,
            Map.of(ShopOptions.CHECKPOINT_DIR.key(), dir.resolve("ok").toUri().toString())));
    assertThat(dir.resolve("ok")).isDirectory();
  }
}
