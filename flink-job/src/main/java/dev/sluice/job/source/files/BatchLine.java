package dev.sluice.job.source.files;

import dev.sluice.connectors.file.FileLine;

/** A line of a delivery the batch ledger let through, or of one it replaces (to retract). */
public class BatchLine {

  /** The delivery's batch id. */
  public String batchId;

  /** The line, with its file, number and offset. */
  public FileLine line;

  /** The text of its file's first line, the header that names the columns. */
  public String header;

  /** True for a line of the earlier version of a corrected batch: its row is to be retracted. */
  public boolean retract;

  /** For Flink's POJO serializer. */
  public BatchLine() {}

  BatchLine(String batchId, FileLine line, String header, boolean retract) {
    this.batchId = batchId;
    this.line = line;
    this.header = header;
    this.retract = retract;
  }
}
