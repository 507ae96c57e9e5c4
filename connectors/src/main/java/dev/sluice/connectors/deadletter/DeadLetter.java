package dev.sluice.connectors.deadletter;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A record a stage could not accept: why, where it came from, and its raw payload. */
public class DeadLetter {

  /** Payloads longer than this are cut; the position still points at the full original. */
  public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  /** The pipeline that produced it, e.g. {@code shop}. */
  public String pipeline;

  /** The stage that rejected it, e.g. {@code staging}. */
  public String stage;

  /** The source it came from, e.g. {@code orders}, {@code payments}, {@code clicks}. */
  public String source;

  /** The reason code. */
  public DeadLetterReason reason;

  /** A human-readable detail that names the offending field and value. */
  public String detail;

  /** The raw payload as text, cut at {@link #MAX_PAYLOAD_CHARS}. */
  public String payload;

  /** Size in bytes of the full raw payload. */
  public long payloadBytes;

  /** Where the record sits in its source: file + line, topic/partition/offset, or LSN + key. */
  public String position;

  /** When the stage first saw it, epoch milliseconds. */
  public long seenAtMillis;

  /** The Flink job that rejected it. */
  public String jobId;

  /** For Flink's POJO serializer. */
  public DeadLetter() {}

  /** Builds a dead letter from a text payload. */
  public static DeadLetter of(
      String pipeline,
      String stage,
      String source,
      DeadLetterReason reason,
      String detail,
      String rawPayload,
      String position) {
    DeadLetter d = new DeadLetter();
    d.pipeline = pipeline;
    d.stage = stage;
    d.source = source;
    d.reason = reason;
    d.detail = detail;
    String raw = rawPayload == null ? "" : rawPayload;
    d.payloadBytes = raw.getBytes(StandardCharsets.UTF_8).length;
    d.payload = raw.length() > MAX_PAYLOAD_CHARS ? raw.substring(0, MAX_PAYLOAD_CHARS) : raw;
    d.position = position;
    d.seenAtMillis = System.currentTimeMillis();
    return d;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DeadLetter)) {
      return false;
    }
    DeadLetter that = (DeadLetter) o;
    return Objects.equals(source, that.source)
        && Objects.equals(position, that.position)
        && reason == that.reason
        && Objects.equals(detail, that.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, position, reason, detail);
  }

  @Override
  public String toString() {
    return source + "@" + position + " " + reason + ": " + detail;
  }
}
