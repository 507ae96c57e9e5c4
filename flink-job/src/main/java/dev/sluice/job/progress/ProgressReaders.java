package dev.sluice.job.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.file.FileBatch;
import dev.sluice.connectors.file.FileBatchSources;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;

/** How each source's records tell how far that source is in. */
public final class ProgressReaders {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProgressReaders() {}

  /**
   * A CDC change event: its table and tenant are complete up to its commit time at the source
   * (changes of one table arrive in commit order), at its LSN. Tenants not served are left out.
   */
  public static ProgressMarks.Reader<String> changeEvents(List<String> tenants) {
    Set<String> served = new HashSet<>(tenants);
    return (json, watermark) -> {
      ProgressMark mark = changeEvent(json);
      return mark != null && served.contains(mark.tenant) ? mark : null;
    };
  }

  private static ProgressMark changeEvent(String json) {
    try {
      JsonNode event = MAPPER.readTree(json);
      JsonNode source = event.path("source");
      JsonNode image = event.path("after").isObject() ? event.path("after") : event.path("before");
      if (!source.has("ts_ms") || !image.hasNonNull("tenant_id")) {
        return null;
      }
      return new ProgressMark(
          source.path("table").asText(),
          image.get("tenant_id").asText(),
          source.get("ts_ms").asLong(),
          "lsn=" + source.path("lsn").asText());
    } catch (Exception notAnEvent) {
      return null; // staging dead-letters it; it tells nothing about progress
    }
  }

  /** A loaded delivery: its tenant's payments are in up to the end of its settlement day. */
  public static ProgressMarks.Reader<FileBatch> deliveries(List<String> tenants) {
    Set<String> served = new HashSet<>(tenants);
    return (batch, watermark) -> {
      ProgressMark mark = delivery(batch);
      return mark != null && served.contains(mark.tenant) ? mark : null;
    };
  }

  private static ProgressMark delivery(FileBatch batch) {
    if (batch.problem != null) {
      return null;
    }
    Path manifest = new Path(batch.manifestPath);
    String tenant = FileBatchSources.partitionValue(manifest, "tenant").orElse(null);
    String dt = FileBatchSources.partitionValue(manifest, "dt").orElse(null);
    if (tenant == null || dt == null) {
      return null;
    }
    try {
      long endOfDay =
          LocalDate.parse(dt).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      return new ProgressMark("payments", tenant, endOfDay, batch.batchId);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * A click past the lateness filter: every tenant's click windows are final up to the watermark.
   *
   * @param position the field holding the click's topic/partition/offset
   */
  public static ProgressMarks.Reader<Row> clicks(int position) {
    return (row, watermark) ->
        watermark <= 0
            ? null
            : new ProgressMark("clicks", "*", watermark, String.valueOf(row.getField(position)));
  }
}
