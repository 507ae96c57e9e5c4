package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;

/** Runs a staging function in Flink's operator test harness and collects both outputs. */
final class StagingHarness<IN> implements AutoCloseable {

  static final ShopRules RULES = new ShopRules(List.of("acme", "globex"), List.of("EUR", "USD"));

  /** The redelivery retention of CDC staging in tests. */
  static final Duration REDELIVERY = Duration.ofHours(1);

  final OneInputStreamOperatorTestHarness<IN, Row> harness;

  StagingHarness(StagingFunction<IN> function) throws Exception {
    this(ProcessFunctionTestHarnesses.forProcessFunction(function));
  }

  private StagingHarness(OneInputStreamOperatorTestHarness<IN, Row> harness) {
    this.harness = harness;
  }

  /** A CDC staging function, keyed by its table's key as in the job. */
  static StagingHarness<String> keyed(ChangeEventStaging function) throws Exception {
    return keyed(function, null);
  }

  /** A CDC staging function restored from {@code state} (a {@link #checkpoint()}), or new. */
  static StagingHarness<String> keyed(ChangeEventStaging function, OperatorSubtaskState state)
      throws Exception {
    return keyed(function, function.keySelector(), state);
  }

  /** A staging function keyed by {@code key}, restored from {@code state} unless it is null. */
  static <IN> StagingHarness<IN> keyed(
      StagingFunction<IN> function, KeySelector<IN, String> key, OperatorSubtaskState state)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, IN, Row> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ProcessOperator<>(function), key, Types.STRING);
    if (state != null) {
      harness.initializeState(state);
    }
    harness.open();
    return new StagingHarness<>(harness);
  }

  /** The operator's state as a checkpoint stores it. */
  OperatorSubtaskState checkpoint() throws Exception {
    return harness.snapshot(1L, 1L);
  }

  StagingHarness<IN> push(IN record) throws Exception {
    harness.processElement(record, 0L);
    return this;
  }

  List<Row> rows() {
    return harness.extractOutputValues();
  }

  List<DeadLetter> deadLetters() {
    List<DeadLetter> letters = new ArrayList<>();
    var queue = harness.getSideOutput(StagingFunction.DEAD_LETTERS);
    if (queue != null) {
      for (StreamRecord<DeadLetter> record : queue) {
        letters.add(record.getValue());
      }
    }
    return letters;
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
