package dev.sluice.connectors.file;

import dev.sluice.connectors.deadletter.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/** Reads one delivery for {@link FileBatchFormat}: its manifest, then its data file. */
final class FileBatchReader implements BulkFormat.Reader<FileBatch> {

  private static final int MAX_MANIFEST_BYTES = 64 * 1024;

  private final Path manifest;
  private final int headerLines;
  private final long maxBatchBytes;
  private final int maxLineBytes;
  private boolean done;

  FileBatchReader(
      Path manifest,
      boolean alreadyEmitted,
      int headerLines,
      long maxBatchBytes,
      int maxLineBytes) {
    this.manifest = manifest;
    this.done = alreadyEmitted;
    this.headerLines = headerLines;
    this.maxBatchBytes = maxBatchBytes;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public BulkFormat.RecordIterator<FileBatch> readBatch() throws IOException {
    if (done) {
      return null;
    }
    done = true;
    ArrayResultIterator<FileBatch> iterator = new ArrayResultIterator<>();
    FileBatch batch =
        manifest.getName().endsWith(FileBatchSources.MANIFEST_SUFFIX) ? read() : orphan();
    iterator.set(new FileBatch[] {batch}, 1, CheckpointedPosition.NO_OFFSET, 0);
    return iterator;
  }

  /** A data file no manifest commits: its head is the payload; size and SHA-256 the detail. */
  private FileBatch orphan() throws IOException {
    FileSystem fs = manifest.getFileSystem();
    FileBatch batch = new FileBatch();
    batch.manifestPath = manifest.toString();
    batch.dataPath = batch.manifestPath;
    MessageDigest sha = Digests.sha256();
    long size;
    int kept;
    try (InputStream in = new DigestInputStream(fs.open(manifest), sha)) {
      byte[] head = in.readNBytes(MAX_MANIFEST_BYTES);
      batch.manifestText = new String(head, StandardCharsets.UTF_8);
      kept = head.length;
      size = head.length + in.transferTo(OutputStream.nullOutputStream());
    }
    return rejected(
        batch,
        BatchProblem.MANIFEST_MISSING,
        batch.dataPath
            + " has no manifest committing it (expected a *"
            + FileBatchSources.MANIFEST_SUFFIX
            + " next to it naming this file); it was not loaded. File: "
            + Digests.cut(size, HexFormat.of().formatHex(sha.digest()), kept));
  }

  private FileBatch read() throws IOException {
    FileSystem fs = manifest.getFileSystem();
    FileBatch batch = new FileBatch();
    batch.manifestPath = manifest.toString();
    batch.deliveredAt = fs.getFileStatus(manifest).getModificationTime();
    byte[] manifestBytes;
    try (InputStream in = fs.open(manifest)) {
      manifestBytes = in.readNBytes(MAX_MANIFEST_BYTES);
    }
    batch.manifestText = new String(manifestBytes, StandardCharsets.UTF_8);
    BatchManifest declared;
    try {
      declared = BatchManifest.parse(batch.manifestPath, batch.manifestText);
    } catch (BatchManifest.InvalidManifest e) {
      return rejected(batch, BatchProblem.MANIFEST_INVALID, e.getMessage());
    }
    batch.batchId = declared.batchId;
    batch.sha256 = declared.sha256;
    batch.declaredRows = declared.rows;
    Path data = new Path(manifest.getParent(), declared.file);
    batch.dataPath = data.toString();
    if (!fs.exists(data)) {
      return rejected(
          batch,
          BatchProblem.DATA_FILE_MISSING,
          batch.manifestPath + ": field file names " + batch.dataPath + ", which does not exist");
    }
    long size = fs.getFileStatus(data).getLen();
    if (size > maxBatchBytes) {
      return rejected(
          batch,
          BatchProblem.OVERSIZED,
          batch.dataPath
              + " has "
              + size
              + " bytes, more than the "
              + maxBatchBytes
              + " one batch may have; split the delivery into several batches");
    }
    MessageDigest sha = Digests.sha256();
    try (InputStream in = new DigestInputStream(fs.open(data), sha)) {
      FileLineReader lines = new FileLineReader(batch.dataPath, in, maxLineBytes, 1);
      for (FileLine line = lines.next(); line != null; line = lines.next()) {
        batch.lines.add(line);
      }
    }
    batch.actualRows = Math.max(0, batch.lines.size() - headerLines);
    String actualSha = HexFormat.of().formatHex(sha.digest());
    if (!actualSha.equals(declared.sha256)) {
      return rejected(
          batch,
          BatchProblem.CHECKSUM_MISMATCH,
          batch.dataPath
              + " has sha256 "
              + actualSha
              + ", the manifest declares "
              + declared.sha256);
    }
    if (batch.actualRows != declared.rows) {
      return rejected(
          batch,
          BatchProblem.ROW_COUNT_MISMATCH,
          batch.dataPath
              + " has "
              + batch.actualRows
              + " rows, the manifest declares "
              + declared.rows);
    }
    return batch;
  }

  private static FileBatch rejected(FileBatch batch, BatchProblem problem, String detail) {
    batch.problem = problem;
    batch.problemDetail = detail;
    batch.lines.clear();
    return batch;
  }

  @Override
  public void close() {}
}
