package dev.sluice.job.staging;

import dev.sluice.connectors.deadletter.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Row;

/** Runs a staging function in Flink's operator test harness and collects both outputs. */
final class StagingHarness<IN> implements AutoCloseable {

  static final ShopRules RULES = new ShopRules(List.of("acme", "globex"), List.of("EUR", "USD"));

  final OneInputStreamOperatorTestHarness<IN, Row> harness;

  StagingHarness(StagingFunction<IN> function) throws Exception {
    this.harness = ProcessFunctionTestHarnesses.forProcessFunction(function);
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
