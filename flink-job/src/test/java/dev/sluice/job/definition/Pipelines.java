package dev.sluice.job.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.factory.FactoryRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;

/** Parses inline pipeline files with the test factories. */
final class Pipelines {

  static final String FILE = "test.yaml";

  private static final FactoryRegistry REGISTRY = FactoryRegistry.discover();

  private Pipelines() {}

  static PipelineDefinition parse(String yaml) {
    return parse(yaml, Map.of());
  }

  static PipelineDefinition parse(String yaml, Map<String, String> overrides) {
    return PipelineParser.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), FILE, overrides, REGISTRY);
  }

  /** Asserts that {@code yaml} fails at {@code line} of the file, at {@code key}. */
  static AbstractThrowableAssert<?, ? extends Throwable> failsAt(
      String yaml, Map<String, String> overrides, int line, String key) {
    return assertThatThrownBy(() -> parse(yaml, overrides))
        .isInstanceOfSatisfying(
            PipelineFileException.class,
            e -> {
              assertThat(e.location()).isEqualTo(new Location(FILE, line));
              assertThat(e.key()).isEqualTo(key);
            })
        .hasMessageStartingWith(
            new Location(FILE, line) + ": " + (key.isEmpty() ? "" : key + ": "));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> failsAt(
      String yaml, int line, String key) {
    return failsAt(yaml, Map.of(), line, key);
  }
}
