package dev.sluice.job.serve;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.ShopSinks;
import dev.sluice.job.curate.CurateStage.Marts;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/** Serve: fans the marts and the dead letters out to their sinks. */
public final class ServeStage {

  private final String pipeline;
  private final List<String> revenueKey;

  /**
   * @param revenueKey merge key columns of the revenue mart; its changes are routed by this key so
   *     that every change of one key reaches the same sink writer, in order
   */
  public ServeStage(String pipeline, List<String> revenueKey) {
    this.pipeline = pipeline;
    this.revenueKey = revenueKey;
  }

  /** Attaches every sink. */
  public void apply(
      StreamTableEnvironment tableEnv,
      Marts marts,
      DataStream<DeadLetter> deadLetters,
      ShopSinks sinks) {
    tableEnv
        .toChangelogStream(marts.tenantDailyRevenue)
        .keyBy(new FieldsKey(revenueKey))
        .sinkTo(sinks.tenantDailyRevenue)
        .uid(pipeline + "-serve-tenant-daily-revenue")
        .name("serve: postgres marts.tenant_daily_revenue");
    tableEnv
        .toDataStream(marts.clicksPerMinute)
        .sinkTo(sinks.clicksPerMinute)
        .uid(pipeline + "-serve-clicks-per-minute")
        .name("serve: kafka clicks_per_minute");
    deadLetters
        .sinkTo(sinks.deadLetterTopic)
        .uid(pipeline + "-serve-dead-letter-topic")
        .name("serve: kafka dead_letters");
    deadLetters
        .sinkTo(sinks.deadLetterTable)
        .uid(pipeline + "-serve-dead-letter-table")
        .name("serve: postgres ops.dead_letters");
  }

  /** Key of a named row: the listed fields, joined as text. */
  private static final class FieldsKey implements KeySelector<Row, String> {
    private static final long serialVersionUID = 1L;
    private final List<String> fields;

    FieldsKey(List<String> fields) {
      this.fields = new ArrayList<>(fields);
    }

    @Override
    public String getKey(Row row) {
      StringBuilder key = new StringBuilder();
      for (String field : fields) {
        key.append(row.getField(field)).append('\u0001');
      }
      return key.toString();
    }
  }
}
