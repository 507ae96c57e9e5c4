package dev.sluice.job.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.factory.PipelineFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline file that extends another: its keys laid over the other's. */
class ExtendsTest {

  private static final ConfigOption<Integer> PORT =
      ConfigOptions.key("port").intType().noDefaultValue();

  @Test
  void theLocalShopFileReplacesOnlyTheKeysItSets() {
    PipelineDefinition local = PipelineFiles.load("../sql/shop/local.yaml", Map.of());
    SourceDef db = local.source("shop-db");
    assertThat(db.options().get(PORT)).isEqualTo(15432);
    assertThat(db.options().location(PORT).file()).endsWith("local.yaml");
    assertThat(db.tables()).extracting(TableDef::name).containsExactly("orders", "customers");
    assertThat(db.tables().get(0).location().file()).endsWith("pipeline.yaml");
    assertThat(local.name()).isEqualTo("shop");
    assertThat(local.sqlDir())
        .isEqualTo(Path.of("../sql/shop").toAbsolutePath().normalize().toString());
  }

  @Test
  void overridesStillWinOverBothFiles() {
    PipelineDefinition local =
        PipelineFiles.load("../sql/shop/local.yaml", Map.of("sources.shop-db.port", "1"));
    assertThat(local.source("shop-db").options().get(PORT)).isEqualTo(1);
  }

  @Test
  void aCycleOrAMissingFileIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "extends: b.yaml\n");
    Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\n");
    assertThatThrownBy(() -> PipelineFiles.load(dir.resolve("a.yaml").toString(), Map.of()))
        .hasMessageContaining("extends: more than 8 files extend each other: a cycle?");
    Files.writeString(dir.resolve("c.yaml"), "extends: nowhere.yaml\n");
    assertThatThrownBy(() -> PipelineFiles.load(dir.resolve("c.yaml").toString(), Map.of()))
        .hasMessageContaining("c.yaml line 1")
        .hasMessageContaining("no such file: " + dir.resolve("nowhere.yaml"));
  }
}
