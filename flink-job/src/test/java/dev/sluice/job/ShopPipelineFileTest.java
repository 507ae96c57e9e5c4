package dev.sluice.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.compose.PipelineComposer;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shop example's pipeline file, read with the real factories and composed offline. */
class ShopPipelineFileTest {

  private static PipelineDefinition shop(Map<String, String> overrides) {
    return PipelineFiles.load(ShopPipelineFile.CLASSPATH, overrides);
  }

  @Test
  void theShopPipelineComposesIntoOneJobGraphWithoutServers() {
    PipelineDefinition pipeline = shop(Map.of());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineComposer.compose(
        env, JobEnvironment.tableEnvironment(env), pipeline, FactoryRegistry.discover(), false);
    List<String> operators = new ArrayList<>();
    for (StreamNode node : env.getStreamGraph(false).getStreamNodes()) {
      operators.add(node.getOperatorName());
    }
    assertThat(operators)
        .contains(
            "route: shop-db",
            "staging: orders",
            "staging: customers",
            "versions: customers",
            "ledger: payments",
            "staging: payments",
            "staging: clicks",
            "lateness: clicks",
            "dedupe: clicks",
            "progress: complete up to");
    assertThat(operators).anyMatch(name -> name.startsWith("serve: kafka shop.clicks_per_minute"));
  }

  @Test
  void anUnwritableCheckpointDirectoryIsNamedAtStart(@TempDir Path dir) throws Exception {
    Path readOnly = dir.resolve("ro");
    Files.createDirectories(readOnly);
    Files.writeString(readOnly.resolve("not-a-dir"), "x");
    PipelineDefinition pipeline =
        shop(
            Map.of(
                "checkpoint.dir",
                readOnly.resolve("not-a-dir").resolve("checkpoints").toUri().toString()));
    assertThatThrownBy(() -> JobEnvironment.checkCheckpointDir(pipeline))
        .hasMessageContaining("checkpoint.dir: cannot write checkpoints to")
        .hasMessageContaining("not-a-dir");
    JobEnvironment.checkCheckpointDir(
        shop(Map.of("checkpoint.dir", dir.resolve("ok").toUri().toString())));
    assertThat(dir.resolve("ok")).isDirectory();
  }
}
