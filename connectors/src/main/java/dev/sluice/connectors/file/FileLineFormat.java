package dev.sluice.connectors.file;

import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * Reads text files line by line into {@link FileLine}s that name their file and line.
 *
 * <p>Files are not split. The checkpointed position is "no offset, N lines emitted": a restored
 * reader reads the file again from its start and skips N lines, which keeps line numbers exact at
 * the price of re-reading the prefix (fine for delivery files of megabytes, not terabytes).
 */
public final class FileLineFormat implements BulkFormat<FileLine, FileSourceSplit> {

  private static final long serialVersionUID = 1L;

  /** Default longest line kept whole; longer lines are cut and flagged. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final int BATCH_LINES = 256;

  private final int maxLineBytes;

  public FileLineFormat() {
    this(DEFAULT_MAX_LINE_BYTES);
  }

  public FileLineFormat(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Reader<FileLine> createReader(Configuration config, FileSourceSplit split)
      throws IOException {
    return new FileLineReader(split.path(), 0, maxLineBytes, BATCH_LINES);
  }

  @Override
  public Reader<FileLine> restoreReader(Configuration config, FileSourceSplit split)
      throws IOException {
    long emitted =
        split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
    return new FileLineReader(split.path(), emitted, maxLineBytes, BATCH_LINES);
  }

  @Override
  public boolean isSplittable() {
    return false;
  }

  @Override
  public TypeInformation<FileLine> getProducedType() {
    return TypeInformation.of(FileLine.class);
  }
}
