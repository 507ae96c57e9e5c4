package dev.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.PendingSplitsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An orphan data file is split once by the continuous delivery source, and its path is in the
 * enumerator's checkpoint, so an enumerator restored from that checkpoint does not split it again;
 * a manifest that arrives later is a new split.
 */
class OrphanOnceTest {

  @TempDir Path temp;

  @Test
  void anOrphanIsSplitOnceEvenAcrossARestoreAndItsLateManifestStillLoads() throws Throwable {
    Files.writeString(temp.resolve("late.csv"), "id\n");
    FileSource<FileBatch> source =
        FileBatchSources.continuous(
            new org.apache.flink.core.fs.Path(temp.toUri()),
            new FileBatchFormat(1, 1024, 64),
            Duration.ofSeconds(1),
            path -> true,
            Duration.ZERO);

    PendingSplitsCheckpoint<FileSourceSplit> checkpoint;
    try (MockSplitEnumeratorContext<FileSourceSplit> context = new MockSplitEnumeratorContext<>(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator =
            source.createEnumerator(context)) {
      assertThat(discover(context, enumerator)).containsExactly("late.csv");
      assertThat(discover(context, enumerator)).isEmpty();
      checkpoint = enumerator.snapshotState(1);
    }
    assertThat(checkpoint.getSplits()).isEmpty();

    Files.writeString(
        temp.resolve("late.manifest.json"),
        "{\"batch_id\":\"b\",\"file\":\"late.csv\",\"rows\":0,\"sha256\":\""
            + "0".repeat(64)
            + "\"}");
    try (MockSplitEnumeratorContext<FileSourceSplit> context = new MockSplitEnumeratorContext<>(1);
        SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> restored =
            source.restoreEnumerator(context, checkpoint)) {
      assertThat(discover(context, restored)).containsExactly("late.manifest.json");
    }
  }

  /** Starts (once) or runs one discovery, lets reader 0 ask for splits; the names it got. */
  private static List<String> discover(
      MockSplitEnumeratorContext<FileSourceSplit> context,
      SplitEnumerator<FileSourceSplit, PendingSplitsCheckpoint<FileSourceSplit>> enumerator)
      throws Throwable {
    if (context.getPeriodicCallables().isEmpty()) {
      enumerator.start();
      context.registerReader(new ReaderInfo(0, "localhost"));
    }
    context.runPeriodicCallable(0);
    int before = context.getSplitsAssignmentSequence().size();
    for (int i = 0; i < 3; i++) {
      enumerator.handleSplitRequest(0, "localhost");
    }
    return context.getSplitsAssignmentSequence().stream()
        .skip(before)
        .map(SplitsAssignment::assignment)
        .flatMap(a -> a.get(0).stream())
        .map(split -> split.path().getName())
        .collect(Collectors.toList());
  }
}
