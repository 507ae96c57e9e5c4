package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.job.factory.SourceFactory;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
 * Runs a staging function (any {@link StagingFunction}, keyed or not) in Flink's operator test
 * harness and collects its output and the dead letters of every stage in the order they were
 * written. A {@link #chain chained} harness pushes each record through an upstream function first
 * and feeds what it routes to a side output into the next one, as the job wires them (CDC: the
 * change-event router, then the keyed staging of one table).
 */
public final class StagingHarness<IN, OUT> implements AutoCloseable {

  /** The last function's operator harness: its output, state TTL clock, timers and watermark. */
  public final OneInputStreamOperatorTestHarness<?, OUT> harness;

  private final OneInputStreamOperatorTestHarness<IN, ?> first;
  private final Forward forward;
  private final List<OneInputStreamOperatorTestHarness<?, ?>> stages;
  private final int[] lettersTaken;
  private final List<DeadLetter> letters = new ArrayList<>();

  /** Moves what one stage routed on to the next, after each record or watermark pushed. */
  private interface Forward {
    void run() throws Exception;
  }

  /** {@code function}, not keyed. */
  public StagingHarness(ProcessFunction<IN, OUT> function) throws Exception {
    this(ProcessFunctionTestHarnesses.forProcessFunction(function));
  }

  private StagingHarness(OneInputStreamOperatorTestHarness<IN, OUT> harness) {
    this(harness, harness, () -> {}, List.of(harness));
  }

  private StagingHarness(
      OneInputStreamOperatorTestHarness<IN, ?> first,
      OneInputStreamOperatorTestHarness<?, OUT> last,
      Forward forward,
      List<OneInputStreamOperatorTestHarness<?, ?>> stages) {
    this.first = first;
    this.harness = last;
    this.forward = forward;
    this.stages = List.copyOf(stages);
    this.lettersTaken = new int[stages.size()];
  }

  /** The shop example's pipeline file as the job loads it, with {@code overrides} applied. */
  public static PipelineDefinition shop(Map<String, String> overrides) {
    return PipelineFiles.load(ShopPipelineFile.CLASSPATH, overrides);
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

  /** {@code function} keyed by {@code key}, as the job runs it after a keyBy. */
  public static <IN, OUT> StagingHarness<IN, OUT> keyed(
      ProcessFunction<IN, OUT> function, KeySelector<IN, String> key) throws Exception {
    return keyed(function, key, null);
  }

  /** {@code function} keyed by {@code key}, restored from {@code state} (a {@link #checkpoint}). */
  public static <IN, OUT> StagingHarness<IN, OUT> keyed(
      ProcessFunction<IN, OUT> function, KeySelector<IN, String> key, OperatorSubtaskState state)
      throws Exception {
    return keyed(new ProcessOperator<>(function), key, state);
  }

  /** A keyed process function (a dedupe), restored from {@code state} unless it is null. */
  public static <IN, OUT> StagingHarness<IN, OUT> keyed(
      KeyedProcessFunction<String, IN, OUT> function,
      KeySelector<IN, String> key,
      OperatorSubtaskState state)
      throws Exception {
    return keyed(new KeyedProcessOperator<>(function), key, state);
  }

  private static <IN, OUT> StagingHarness<IN, OUT> keyed(
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
    return new StagingHarness<>(harness);
  }

  /**
   * {@code upstream}, then {@code downstream} fed every record {@code upstream} writes to {@code
   * routed}: a record pushed goes through both; dead letters are those of both, in order.
   */
  public static <IN, MID, OUT> StagingHarness<IN, OUT> chain(
      StagingHarness<IN, ?> upstream, OutputTag<MID> routed, StagingHarness<MID, OUT> downstream) {
    int[] forwarded = {0};
    Forward forward =
        () -> {
          upstream.forward.run();
          Queue<StreamRecord<MID>> queue = upstream.harness.getSideOutput(routed);
          List<StreamRecord<MID>> records = queue == null ? List.of() : new ArrayList<>(queue);
          for (; forwarded[0] < records.size(); forwarded[0]++) {
            StreamRecord<MID> record = records.get(forwarded[0]);
            downstream.first.processElement(record.getValue(), record.getTimestamp());
          }
          downstream.forward.run();
        };
    List<OneInputStreamOperatorTestHarness<?, ?>> stages = new ArrayList<>(upstream.stages);
    stages.addAll(downstream.stages);
    return new StagingHarness<>(upstream.first, downstream.harness, forward, stages);
  }

  /** The keyed harness (for its state and timers); only for {@link #keyed} functions. */
  @SuppressWarnings("unchecked")
  public KeyedOneInputStreamOperatorTestHarness<String, IN, OUT> keyedHarness() {
    return (KeyedOneInputStreamOperatorTestHarness<String, IN, OUT>) harness;
  }

  /** The last function's state as a checkpoint stores it. */
  public OperatorSubtaskState checkpoint() throws Exception {
    return harness.snapshot(1L, 1L);
  }

  /** Pushes {@code record} with timestamp 0. */
  public StagingHarness<IN, OUT> push(IN record) throws Exception {
    return push(record, 0L);
  }

  public StagingHarness<IN, OUT> push(IN record, long timestamp) throws Exception {
    first.processElement(record, timestamp);
    forward.run();
    takeLetters();
    return this;
  }

  /** Advances every stage's watermark to {@code timestamp}. */
  public StagingHarness<IN, OUT> watermark(long timestamp) throws Exception {
    for (OneInputStreamOperatorTestHarness<?, ?> stage : stages) {
      stage.processWatermark(timestamp);
    }
    return this;
  }

  /** The last function's main output, in order. */
  public List<OUT> rows() {
    return harness.extractOutputValues();
  }

  /** What the last function wrote to {@code tag}, in order. */
  public <X> List<X> sideOutput(OutputTag<X> tag) {
    List<X> values = new ArrayList<>();
    Queue<StreamRecord<X>> queue = harness.getSideOutput(tag);
    if (queue != null) {
      queue.forEach(record -> values.add(record.getValue()));
    }
    return values;
  }

  /** The dead letters of every stage, in the order the records that caused them were pushed. */
  public List<DeadLetter> deadLetters() {
    return List.copyOf(letters);
  }

  private void takeLetters() {
    for (int i = 0; i < stages.size(); i++) {
      Queue<StreamRecord<DeadLetter>> queue =
          stages.get(i).getSideOutput(StagingFunction.DEAD_LETTERS);
      if (queue == null) {
        continue;
      }
      List<StreamRecord<DeadLetter>> written = new ArrayList<>(queue);
      for (; lettersTaken[i] < written.size(); lettersTaken[i]++) {
        letters.add(written.get(lettersTaken[i]).getValue());
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (OneInputStreamOperatorTestHarness<?, ?> stage : stages) {
      stage.close();
    }
  }
}
