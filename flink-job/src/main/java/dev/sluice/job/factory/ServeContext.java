package dev.sluice.job.factory;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TargetDef;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/** What the sinks serve: the SQL's views, every dead letter, the progress and ledger rows. */
public interface ServeContext {

  PipelineDefinition pipeline();

  StreamTableEnvironment tableEnv();

  /**
   * False when the job is only composed to be checked offline: sinks then connect to nothing and
   * build no writers, but still look up every view they name.
   */
  boolean preflight();

  /**
   * The view {@code target} serves, as the pipeline's SQL defines it; fails naming the target's
   * file and line and the views that exist.
   */
  Table view(TargetDef target);

  /** The changelog of the view {@code target} serves, one per view however many sinks serve it. */
  DataStream<Row> changelog(TargetDef target);

  /** Every dead letter of every stage. */
  DataStream<DeadLetter> deadLetters();

  /** Rows of the progress table: per source, table and tenant, complete up to when. */
  Optional<DataStream<Row>> progress();

  /** Rows of the batch ledger, if any source keeps one. */
  Optional<DataStream<Row>> ledger();
}
