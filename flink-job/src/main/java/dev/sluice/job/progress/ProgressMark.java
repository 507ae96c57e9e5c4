package dev.sluice.job.progress;

/**
 * What one subtask has seen of one stage and tenant: the time up to which that input is in (a
 * source commit time, a delivery's day, or a watermark) and the position of its latest record.
 */
public class ProgressMark {

  /** The stage: orders, customers, payments, clicks. */
  public String stage;

  /** The tenant, or {@code *} for a mark that holds for every tenant (a watermark). */
  public String tenant;

  /** Epoch millis up to which the input is complete. */
  public long completeUpTo;

  /** The latest record's position: an LSN, a batch id, a topic/partition/offset. */
  public String position;

  /** For Flink's POJO serializer. */
  public ProgressMark() {}

  ProgressMark(String stage, String tenant, long completeUpTo, String position) {
    this.stage = stage;
    this.tenant = tenant;
    this.completeUpTo = completeUpTo;
    this.position = position;
  }

  /** The key the tracker keeps it under. */
  public String key() {
    return stage + "|" + tenant;
  }
}
