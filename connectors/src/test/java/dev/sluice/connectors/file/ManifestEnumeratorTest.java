package dev.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files become splits: manifests, and data files orphaned for longer than the grace. */
class ManifestEnumeratorTest {

  @TempDir Path temp;

  @Test
  void aDataFileWithoutManifestBecomesASplitOnlyAfterTheGrace() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("dt=2026-11-20").resolve("tenant=acme"));
    Instant old = Instant.now().minus(Duration.ofMinutes(10));
    write(dir.resolve("loaded.csv"), old);
    write(dir.resolve("loaded.manifest.json"), old);
    write(dir.resolve("orphan.csv"), old);
    write(dir.resolve("young.csv"), Instant.now());
    write(dir.resolve(".hidden.csv"), old);
    write(dir.resolve("renamed.csv"), old);
    Files.writeString(
        dir.resolve("other-name.manifest.json"),
        "{\"batch_id\":\"b\",\"file\":\"renamed.csv\",\"rows\":0,\"sha256\":\""
            + "0".repeat(64)
            + "\"}");

    assertThat(splitNames(Duration.ofMinutes(5)))
        .containsExactlyInAnyOrder(
            "loaded.manifest.json", "other-name.manifest.json", "orphan.csv");
    assertThat(splitNames(Duration.ofMinutes(30)))
        .containsExactlyInAnyOrder("loaded.manifest.json", "other-name.manifest.json");
  }

  private List<String> splitNames(Duration grace) throws Exception {
    org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(temp.toUri());
    return new ManifestEnumerator(p -> true, grace)
            .enumerateSplits(
                new org.apache.flink.core.fs.Path[] {
                  new org.apache.flink.core.fs.Path(temp.toUri())
                },
                1)
            .stream()
            .map(FileSourceSplit::path)
            .map(org.apache.flink.core.fs.Path::getName)
            .collect(Collectors.toList());
  }

  private static void write(Path file, Instant modified) throws Exception {
    Files.writeString(file, "id\n");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }
}
