package dev.sluice.job.source;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineParser;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.SourceFactory;
import dev.sluice.job.staging.StagingFunction;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/**
 * The shop's contracts read from its pipeline file, and a staging function run in Flink's operator
 * test harness with both outputs collected: for the files and kafka source tests and the staging
 * stages after them. (A few lines of the CDC tests' StagingHarness, kept apart while both are
 * migrated.)
 */
public final class SourceHarness<IN, OUT> implements AutoCloseable {

  /** The harness, for watermarks, timestamps and processing time. */
  public final OneInputStreamOperatorTestHarness<IN, OUT> harness;

  private SourceHarness(OneInputStreamOperatorTestHarness<IN, OUT> harness) {
    this.harness = harness;
  }

  /** The shop's pipeline file, with {@code overrides} (dotted paths, as {@code --set} takes). */
  public static PipelineDefinition shop(Map<String, String> overrides) {
    return PipelineParser.load(ShopPipelineFile.CLASSPATH, overrides);
  }

  /**
   * The contract of {@code source}'s (first) table in {@code pipeline}, built as {@code factory}'s
   * source builds it: its key option, the pipeline's tenancy, values as text.
   */
  public static Contract contract(
      PipelineDefinition pipeline, String source, SourceFactory factory) {
    TableDef table = table(pipeline, source);
    return TableContracts.of(
        table,
        table.options().get(keyOption(factory)),
        Tenancy.of(pipeline),
        ValueEncoding.TEXT,
        factory.metadataKeys());
  }

  /** The (first) table of {@code source}. */
  public static TableDef table(PipelineDefinition pipeline, String source) {
    return pipeline.source(source).tables().get(0);
  }

  @SuppressWarnings("unchecked")
  private static ConfigOption<List<String>> keyOption(SourceFactory factory) {
    return (ConfigOption<List<String>>)
        factory.optionalTableOptions().stream()
            .filter(o -> o.key().equals("key"))
            .findFirst()
            .orElseThrow();
  }

  /** An unkeyed staging function. */
  public static <IN, OUT> SourceHarness<IN, OUT> of(ProcessFunction<IN, OUT> function)
      throws Exception {
    return new SourceHarness<>(ProcessFunctionTestHarnesses.forProcessFunction(function));
  }

  /** A function run keyed by {@code key}, restored from {@code state} unless it is null. */
  public static <IN, OUT> SourceHarness<IN, OUT> keyed(
      ProcessFunction<IN, OUT> function, KeySelector<IN, String> key, OperatorSubtaskState state)
      throws Exception {
    return keyed(new ProcessOperator<>(function), key, state);
  }

  /** A keyed function run keyed by {@code key}, restored from {@code state} unless it is null. */
  public static <IN, OUT> SourceHarness<IN, OUT> keyed(
      KeyedProcessFunction<String, IN, OUT> function,
      KeySelector<IN, String> key,
      OperatorSubtaskState state)
      throws Exception {
    return keyed(new KeyedProcessOperator<>(function), key, state);
  }

  private static <IN, OUT> SourceHarness<IN, OUT> keyed(
      OneInputStreamOperator<IN, OUT> operator,
      KeySelector<IN, String> key,
      OperatorSubtaskState state)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(operator, key, Types.STRING);
    if (state != null) {
      harness.initializeState(state);
    }
    harness.open();
    return new SourceHarness<>(harness);
  }

  /** The keyed harness (for its state and timers); only for {@link #keyed} functions. */
  public KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyedHarness() {
    return (KeyedOneInputStreamOperatorTestHarness<String, IN, OUT>) harness;
  }

  /** The operator's state as a checkpoint stores it. */
  public OperatorSubtaskState checkpoint() throws Exception {
    return harness.snapshot(1L, 1L);
  }

  public SourceHarness<IN, OUT> push(IN record) throws Exception {
    harness.processElement(record, 0L);
    return this;
  }

  public List<OUT> rows() {
    return harness.extractOutputValues();
  }

  public List<DeadLetter> deadLetters() {
    return sideOutput(StagingFunction.DEAD_LETTERS);
  }

  /** What went to the side output {@code tag}, in order. */
  public <T> List<T> sideOutput(OutputTag<T> tag) {
    List<T> values = new ArrayList<>();
    var queue = harness.getSideOutput(tag);
    if (queue != null) {
      for (StreamRecord<T> record : queue) {
        values.add(record.getValue());
      }
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
