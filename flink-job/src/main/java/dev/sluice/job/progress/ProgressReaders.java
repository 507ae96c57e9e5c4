package dev.sluice.job.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

/** How each source's records tell how far that source is in. */
public final class ProgressReaders {

  private static final ObjectMapper MAPPER = StrictJson.mapper();

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
      // A snapshot read carries no commit time (ts_ms 0) and no LSN: it tells nothing of how far
      // the stream is, and must not show a table as complete up to 1970.
      if (source.path("ts_ms").asLong(0) <= 0 || !image.hasNonNull("tenant_id")) {
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

  /**
   * A staged settlement line: its tenant's payments are in up to the end of its settlement day.
   * Only staged rows move it, so a delivery whose rows were all dead-lettered (or that has none)
   * claims nothing.
   *
   * @param tenant the field holding the tenant
   * @param day the field holding the settlement day (a {@link LocalDate})
   * @param batch the field holding the batch id
   */
  public static ProgressMarks.Reader<Row> stagedDays(int tenant, int day, int batch) {
    return (row, watermark) -> {
      if (row.getKind() != RowKind.INSERT) {
        return null;
      }
      long endOfDay =
          ((LocalDate) row.getField(day))
              .plusDays(1)
              .atStartOfDay(ZoneOffset.UTC)
              .toInstant()
              .toEpochMilli();
      return new ProgressMark(
          "payments", (String) row.getField(tenant), endOfDay, (String) row.getField(batch));
    };
  }

  /**
   * A click past the lateness filter and the keyed dedupe: every tenant's click windows are final
   * up to the watermark. Read after a keyed exchange, each subtask's watermark is already the least
   * of every upstream channel's (idle ones aside), so any one subtask's mark holds for the stage.
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
