package dev.sluice.job.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.factory.FactoryRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/pipeline-reference.md is what {@link PipelineReference} renders of the engine's types. */
class PipelineReferenceTest {

  private static final Path DOC = Path.of("../docs/pipeline-reference.md");
  private static final String UPDATE = "sluice.reference.update";

  /** The engine's own factories: the test ones ({@code test-*}) are not in the reference. */
  private static FactoryRegistry engineFactories() {
    FactoryRegistry all = FactoryRegistry.discover();
    return FactoryRegistry.of(
        all.sources().stream().filter(f -> !f.type().startsWith("test-")).toList(),
        all.sinks().stream().filter(f -> !f.type().startsWith("test-")).toList());
  }

  @Test
  void theCommittedReferenceIsUpToDate() throws IOException {
    String rendered = PipelineReference.markdown(engineFactories());
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(DOC, rendered);
    }
    String committed = Files.exists(DOC) ? Files.readString(DOC) : "";
    assertThat(committed)
        .as(
            "docs/pipeline-reference.md is stale: run ./mvnw -pl flink-job test"
                + " -Dtest=PipelineReferenceTest -D"
                + UPDATE
                + "=true")
        .isEqualTo(rendered);
  }

  @Test
  void everyKeyOfEveryTypeIsRenderedWithItsTypeDefaultAndDescription() {
    String markdown = PipelineReference.markdown(FactoryRegistry.discover());
    assertThat(markdown)
        .contains("| `pipeline.name` | String |  | yes | Name of the pipeline; prefixes")
        .contains("| `pipeline.sql-files` | List&lt;String&gt; | `[]` |  | SQL files in sql-dir")
        .contains("| `checkpoint.interval` | Duration | `10 s` |  | Checkpoint interval;")
        .contains("| `restarts.reset-after` | Duration | `5 min` |  | How long the job")
        .contains("### `test-cdc`\n\nSeveral tables of one test database.\n\nHolds several tables")
        .contains("| `sources.<name>.hostname` | String |  | yes | Database host. |")
        .contains("| `sources.<name>.port` | Integer | `5432` |  | Database port. |")
        .contains(
            "| `sources.<name>.tables.<table>.schema-drift` | Enum: evolve, ignore, dead-letter,"
                + " fail | `evolve` |  | What a changed schema does. |")
        .contains("| `lsn` | Log sequence number of the change. |")
        .contains("### `test-files`\n\nTest delivery files, one table.\n\nIs one table")
        .contains("| `sources.<name>.view` | String |  | yes | View the SQL reads. |")
        .contains("| `line` | Its line \\| number. |")
        .contains("| `type` | String |  | yes | Flink SQL type of the staged column")
        .contains("| `trim` | Boolean | `true` |  | Strip leading")
        .contains(
            "| `on-violation` | Enum: dead-letter, warn, fail | `dead-letter` |  | What a row that")
        .contains(
            "Serves views through `tables.<view>:`, a mapping of the target options or a"
                + " value alone for `table`.")
        .contains("| `sinks.<name>.url` | String |  | yes | JDBC URL. |")
        .contains("| `sinks.<name>.tables.<view>.mode` | Enum: append, upsert | `upsert` |  |");
  }

  @Test
  void theReferenceIsTheSameWhateverOrderTheFactoriesComeIn() {
    FactoryRegistry found = FactoryRegistry.discover();
    FactoryRegistry reversed =
        FactoryRegistry.of(
            found.sources().stream().sorted((a, b) -> b.type().compareTo(a.type())).toList(),
            List.copyOf(found.sinks()));
    assertThat(PipelineReference.markdown(reversed)).isEqualTo(PipelineReference.markdown(found));
  }
}
