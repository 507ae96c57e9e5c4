package dev.sluice.job.progress;

/**
 * What one subtask has seen of one table and tenant of a source: the time up to which that input is
 * in (a source commit time, the end of a delivery's day, or a watermark) and the position of its
 * latest record.
 */
public class ProgressMark {

  /** The source's name in the pipeline file. */
  public String source;

  /** The table's name in the pipeline file (for a single-table source, the source's name). */
  public String table;

  /** The tenant, or {@code *} for a mark that holds for every tenant (a watermark, no tenancy). */
  public String tenant;

  /** Epoch millis up to which the input is complete. */
  public long completeUpTo;

  /** The latest record's position: an LSN, a batch id, a topic/partition/offset. */
  public String position;

  /** For Flink's POJO serializer. */
  public ProgressMark() {}

  public ProgressMark(
      String source, String table, String tenant, long completeUpTo, String position) {
    this.source = source;
    this.table = table;
    this.tenant = tenant;
    this.completeUpTo = completeUpTo;
    this.position = position;
  }

  /** The key the tracker keeps it under. */
  public String key() {
    return source + "|" + table + "|" + tenant;
  }
}
