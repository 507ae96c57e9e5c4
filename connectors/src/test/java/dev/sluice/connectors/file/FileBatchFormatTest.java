package dev.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deliveries: a good batch, each way a manifest can fail to hold, restore, partition values. */
class FileBatchFormatTest {

  private static final String CSV = "id,amount\n1,2.00\n2,3.00\n";
  private static final FileBatchFormat FORMAT = new FileBatchFormat(1, 1024, 64);

  @TempDir Path temp;

  @Test
  void aGoodDeliveryComesOutWholeWithItsLinesAndChecksum() throws Exception {
    FileBatch batch = read(deliver("a", CSV, manifest("b1", "a.csv", 2, sha(CSV))));
    assertThat(batch.problem).isNull();
    assertThat(batch.batchId).isEqualTo("b1");
    assertThat(batch.sha256).isEqualTo(sha(CSV));
    assertThat(batch.actualRows).isEqualTo(2);
    assertThat(batch.lines)
        .extracting(l -> l.lineNumber + ":" + l.text)
        .containsExactly("1:id,amount", "2:1,2.00", "3:2,3.00");
    assertThat(batch.lines.get(0).path).endsWith("/a.csv");
    assertThat(batch.manifestPath).endsWith("/a.manifest.json");
  }

  @Test
  void aHeaderOnlyFileIsABatchOfNoRows() throws Exception {
    String header = "id,amount\n";
    FileBatch batch = read(deliver("h", header, manifest("b2", "h.csv", 0, sha(header))));
    assertThat(batch.problem).isNull();
    assertThat(batch.actualRows).isZero();
  }

  @Test
  void aWrongChecksumOrRowCountRejectsTheWholeDelivery() throws Exception {
    FileBatch checksum = read(deliver("c", CSV, manifest("b3", "c.csv", 2, sha("other"))));
    assertThat(checksum.problem).isEqualTo(BatchProblem.CHECKSUM_MISMATCH);
    assertThat(checksum.problemDetail).contains("c.csv").contains(sha("other"));
    assertThat(checksum.lines).isEmpty();

    FileBatch rows = read(deliver("r", CSV, manifest("b4", "r.csv", 3, sha(CSV))));
    assertThat(rows.problem).isEqualTo(BatchProblem.ROW_COUNT_MISMATCH);
    assertThat(rows.problemDetail).contains("has 2 rows, the manifest declares 3");
  }

  @Test
  void aMissingOrOversizedDataFileIsRejected() throws Exception {
    Path manifest = temp.resolve("gone.manifest.json");
    Files.writeString(manifest, manifest("b5", "gone.csv", 1, sha(CSV)));
    FileBatch missing = read(manifest);
    assertThat(missing.problem).isEqualTo(BatchProblem.DATA_FILE_MISSING);
    assertThat(missing.batchId).isEqualTo("b5");

    String big = "x".repeat(2048);
    FileBatch oversized = read(deliver("big", big, manifest("b6", "big.csv", 0, sha(big))));
    assertThat(oversized.problem).isEqualTo(BatchProblem.OVERSIZED);
    assertThat(oversized.problemDetail).contains("2048 bytes");
  }

  @Test
  void anInvalidManifestNamesTheField() throws Exception {
    String[][] cases = {
      {"not json", "not JSON"},
      {"[1]", "must be a JSON object"},
      {"{\"file\":\"a.csv\",\"rows\":1,\"sha256\":\"" + sha(CSV) + "\"}", "field batch_id"},
      {
        "{\"batch_id\":\"b\",\"file\":\"../a.csv\",\"rows\":1,\"sha256\":\"" + sha(CSV) + "\"}",
        "field file='../a.csv'"
      },
      {
        "{\"batch_id\":\"b\",\"file\":\"a.csv\",\"rows\":-1,\"sha256\":\"" + sha(CSV) + "\"}",
        "field rows"
      },
      {"{\"batch_id\":\"b\",\"file\":\"a.csv\",\"rows\":1,\"sha256\":\"abc\"}", "field sha256"},
      {
        "{\"batch_id\":\""
            + "b".repeat(6000)
            + "\",\"file\":\"a.csv\",\"rows\":1,\"sha256\":\""
            + sha(CSV)
            + "\"}",
        "batch_id is 6000 characters long; at most 200"
      },
      {
        "{\"batch_id\":\"b\\u0000\",\"file\":\"a.csv\",\"rows\":1,\"sha256\":\"" + sha(CSV) + "\"}",
        "batch_id holds a control character"
      },
      {
        "{\"batch_id\":\"b\",\"batch_id\":\"c\",\"file\":\"a.csv\",\"rows\":1,\"sha256\":\""
            + sha(CSV)
            + "\"}",
        "Duplicate field 'batch_id'"
      }
    };
    for (int i = 0; i < cases.length; i++) {
      Path manifest = temp.resolve("m" + i + ".manifest.json");
      Files.writeString(manifest, cases[i][0]);
      FileBatch batch = read(manifest);
      assertThat(batch.problem).as(cases[i][0]).isEqualTo(BatchProblem.MANIFEST_INVALID);
      assertThat(batch.problemDetail).contains(cases[i][1]).contains("m" + i + ".manifest.json");
      assertThat(batch.manifestText).isEqualTo(cases[i][0]);
    }
  }

  @Test
  void aManifestStartingWithAByteOrderMarkIsRead() throws Exception {
    FileBatch batch = read(deliver("bom", CSV, "\uFEFF" + manifest("b7", "bom.csv", 2, sha(CSV))));
    assertThat(batch.problem).isNull();
    assertThat(batch.batchId).isEqualTo("b7");
  }

  @Test
  void aRestoredReaderDoesNotEmitADeliveryAgain() throws Exception {
    Path manifest = deliver("s", CSV, manifest("b7", "s.csv", 2, sha(CSV)));
    FileSourceSplit split = split(manifest);
    List<RecordAndPosition<FileBatch>> first =
        readAll(FORMAT.createReader(new Configuration(), split));
    assertThat(first).hasSize(1);
    RecordAndPosition<FileBatch> emitted = first.get(0);
    FileSourceSplit checkpointed =
        split.updateWithCheckpointedPosition(
            new CheckpointedPosition(emitted.getOffset(), emitted.getRecordSkipCount()));
    assertThat(readAll(FORMAT.restoreReader(new Configuration(), checkpointed))).isEmpty();
    assertThat(readAll(FORMAT.restoreReader(new Configuration(), split))).hasSize(1);
  }

  @Test
  void aTenMegabyteLineIsCutWithItsSizeAndChecksumAndTheRestOfTheFileIsRead() throws Exception {
    String huge = "p1," + "x".repeat(10 * 1024 * 1024);
    String csv = "id,amount\n" + huge + "\n2,3.00\n";
    FileBatchFormat format = new FileBatchFormat(1, 32L * 1024 * 1024, 64 * 1024);
    FileBatch batch =
        BulkReads.readAll(
                format.createReader(
                    new Configuration(),
                    split(deliver("huge", csv, manifest("b8", "huge.csv", 2, sha(csv))))))
            .get(0)
            .getRecord();
    assertThat(batch.problem).isNull();
    assertThat(batch.lines).extracting(l -> l.truncated).containsExactly(false, true, false);
    FileLine cut = batch.lines.get(1);
    assertThat(cut.text).hasSize(64 * 1024).isEqualTo(huge.substring(0, 64 * 1024));
    assertThat(cut.fullBytes).isEqualTo(huge.length());
    assertThat(cut.sha256).isEqualTo(sha(huge));
    assertThat(batch.lines.get(2).text).isEqualTo("2,3.00");
  }

  @Test
  void aDataFileReadWithoutManifestIsAnOrphanWithItsSizeAndChecksum() throws Exception {
    Path orphan = temp.resolve("orphan.csv");
    Files.writeString(orphan, CSV);
    FileBatch batch = read(orphan);
    assertThat(batch.problem).isEqualTo(BatchProblem.MANIFEST_MISSING);
    assertThat(batch.manifestPath).endsWith("/orphan.csv");
    assertThat(batch.manifestText).isEqualTo(CSV);
    assertThat(batch.problemDetail)
        .contains("orphan.csv has no manifest")
        .endsWith(
            CSV.length()
                + " bytes (sha256 "
                + sha(CSV)
                + "); the payload holds only its first "
                + CSV.length()
                + " bytes");
    assertThat(batch.lines).isEmpty();
  }

  @Test
  void partitionValuesComeFromThePath() {
    org.apache.flink.core.fs.Path path =
        new org.apache.flink.core.fs.Path("file:/l/payments/dt=2026-11-24/tenant=acme/x.csv");
    assertThat(FileBatchSources.partitionValue(path, "dt")).contains("2026-11-24");
    assertThat(FileBatchSources.partitionValue(path, "tenant")).contains("acme");
    assertThat(FileBatchSources.partitionValue(path, "hour")).isEmpty();
  }

  private Path deliver(String name, String csv, String manifest) throws IOException {
    Files.writeString(temp.resolve(name + ".csv"), csv);
    Path path = temp.resolve(name + ".manifest.json");
    Files.writeString(path, manifest);
    return path;
  }

  private static String manifest(String batchId, String file, long rows, String sha) {
    return "{\"batch_id\":\""
        + batchId
        + "\",\"file\":\""
        + file
        + "\",\"rows\":"
        + rows
        + ",\"sha256\":\""
        + sha
        + "\",\"producer\":\"ignored\"}";
  }

  private static String sha(String content) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
  }

  private static FileSourceSplit split(Path manifest) throws IOException {
    long size = Files.size(manifest);
    return new FileSourceSplit(
        "0", new org.apache.flink.core.fs.Path(manifest.toUri()), 0, size, 0, size);
  }

  private static FileBatch read(Path manifest) throws IOException {
    List<RecordAndPosition<FileBatch>> all =
        readAll(FORMAT.createReader(new Configuration(), split(manifest)));
    assertThat(all).hasSize(1);
    return all.get(0).getRecord();
  }

  private static List<RecordAndPosition<FileBatch>> readAll(BulkFormat.Reader<FileBatch> reader)
      throws IOException {
    return BulkReads.readAll(reader);
  }
}
