package dev.sluice.job.factory;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.definition.PipelineDefinition;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/** What the sinks serve: the SQL's views, every dead letter, the progress and ledger rows. */
public interface ServeContext {

  PipelineDefinition pipeline();

  StreamTableEnvironment tableEnv();

  /** The view {@code name} the pipeline's SQL defines; fails naming the views that exist. */
  Table view(String name);

  /** Every dead letter of every stage. */
  DataStream<DeadLetter> deadLetters();

  /** Rows of {@code ops.pipeline_progress}: per source, table and tenant, complete up to when. */
  DataStream<Row> progress();

  /** Rows of {@code ops.batch_ledger}, if any source keeps a batch ledger. */
  Optional<DataStream<Row>> ledger();
}
