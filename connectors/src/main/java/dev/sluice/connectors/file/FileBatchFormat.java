package dev.sluice.connectors.file;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * Reads deliveries: a split is one manifest; its reader checks the data file the manifest names
 * (present, SHA-256, row count, size) in one pass and emits exactly one {@link FileBatch}. A split
 * of a data file itself is an orphan (see {@link ManifestEnumerator}): its batch is {@link
 * BatchProblem#MANIFEST_MISSING}.
 *
 * <p>The checkpointed position is "1 record emitted" once the batch is out, so a restored reader
 * emits nothing for a delivery that a completed checkpoint already holds.
 */
public final class FileBatchFormat implements BulkFormat<FileBatch, FileSourceSplit> {

  private static final long serialVersionUID = 1L;

  private final int headerLines;
  private final long maxBatchBytes;
  private final int maxLineBytes;

  /**
   * @param headerLines lines at the top of each data file that are not rows
   * @param maxBatchBytes largest data file accepted; a bigger one is {@link BatchProblem#OVERSIZED}
   * @param maxLineBytes longest line kept whole; a longer one is cut and flagged {@link
   *     FileLine#truncated}, with its full size and SHA-256
   */
  public FileBatchFormat(int headerLines, long maxBatchBytes, int maxLineBytes) {
    this.headerLines = headerLines;
    this.maxBatchBytes = maxBatchBytes;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Reader<FileBatch> createReader(Configuration config, FileSourceSplit split) {
    return new FileBatchReader(split.path(), false, headerLines, maxBatchBytes, maxLineBytes);
  }

  @Override
  public Reader<FileBatch> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    long emitted =
        split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
    return new FileBatchReader(split.path(), emitted > 0, headerLines, maxBatchBytes, maxLineBytes);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<FileBatch> getProducedType() {
    return TypeInformation.of(FileBatch.class);
  }
}
