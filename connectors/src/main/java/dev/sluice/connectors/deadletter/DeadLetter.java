package dev.sluice.connectors.deadletter;

import dev.sluice.connectors.text.WritableText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record a stage could not accept: why, where it came from, and its raw payload. Its text is
 * always writable: NUL, control characters and unpaired surrogates are kept escaped, and the fields
 * of the dead-letter table's key are bounded, so a letter can never be what stalls a sink.
 */
public class DeadLetter {

  /** Payloads longer than this are cut; the position still points at the full original. */
  public static final int MAX_PAYLOAD_CHARS = 64 * 1024;

  /**
   * Positions and sources longer than this are cut, ending with the whole one's SHA-256: together
   * with the reason they are the dead-letter table's primary key, whose index entries Postgres
   * limits to 2,704 bytes.
   */
  public static final int MAX_KEY_CHARS = 512;

  /** The pipeline that produced it (its {@code pipeline.name}). */
  public String pipeline;

  /** The stage that rejected it, e.g. {@code staging}. */
  public String stage;

  /**
   * The stage it came from: a source or table name, or one of its steps ({@code <source>-ledger}).
   */
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
    d.source = WritableText.escapeAndBound(source, MAX_KEY_CHARS);
    d.reason = reason;
    d.detail = WritableText.escapeAndBound(detail, MAX_PAYLOAD_CHARS);
    String raw = rawPayload == null ? "" : rawPayload;
    d.payloadBytes = raw.getBytes(StandardCharsets.UTF_8).length;
    String cut = raw.length() > MAX_PAYLOAD_CHARS ? raw.substring(0, MAX_PAYLOAD_CHARS) : raw;
    d.payload = WritableText.escape(cut);
    d.position = WritableText.escapeAndBound(position, MAX_KEY_CHARS);
    d.seenAtMillis = System.currentTimeMillis();
    return d;
  }

  /**
   * Its values as a row of the dead-letter table, in the order of {@link DeadLetterSinks#COLUMNS}.
   */
  public List<Object> columnValues() {
    return Arrays.asList(
        source,
        position,
        reason.name(),
        pipeline,
        stage,
        detail,
        payload,
        payloadBytes,
        Instant.ofEpochMilli(seenAtMillis),
        jobId);
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
