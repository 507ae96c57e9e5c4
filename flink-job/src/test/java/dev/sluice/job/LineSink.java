package dev.sluice.job;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * A stateless sink that appends each line, as it is written, to a named queue of this JVM (the
 * MiniCluster's tasks run in it): unlike a collect sink it survives a restore from a savepoint and
 * shows every line written after it.
 */
final class LineSink implements Sink<String> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, Queue<String>> QUEUES = new ConcurrentHashMap<>();

  private final String name;

  LineSink(String name) {
    this.name = name;
  }

  /** The lines written to the sink named {@code name}, in the order they were written. */
  static Queue<String> lines(String name) {
    return QUEUES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<String> createWriter(InitContext context) {
    Queue<String> queue = lines(name);
    return new SinkWriter<>() {
      @Override
      public void write(String line, Context context) {
        queue.add(line);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
