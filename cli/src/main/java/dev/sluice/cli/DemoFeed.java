package dev.sluice.cli;

import dev.sluice.stack.shop.ShopGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's live inputs: orders inserted, updated and deleted twice a second, a payments file
 * every few seconds and a stream of clicks — each with a small share of bad records.
 */
final class DemoFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DemoFeed.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ShopGenerator generator;
  private final Connection source;
  private final Producer<byte[], byte[]> producer;
  private final String clicksTopic;
  private final Path payments;
  private ShopGenerator.Delivery previous;
  private long rounds;

  DemoFeed(
      ShopGenerator generator,
      Connection source,
      Producer<byte[], byte[]> producer,
      String clicksTopic,
      Path payments) {
    this.generator = generator;
    this.source = source;
    this.producer = producer;
    this.clicksTopic = clicksTopic;
    this.payments = payments;
  }

  /** Starts the three feeds on one scheduler thread. */
  void start() {
    scheduler.scheduleWithFixedDelay(
        guarded(
            "orders",
            () -> {
              generator.insertOrders(source, 3);
              generator.mutateOrders(source, 2);
            }),
        0,
        500,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        guarded("customers", () -> generator.updateCustomers(source, 2)), 2, 5, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(guarded("payments", this::deliver), 1, 4, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(
        guarded(
            "clicks",
            () -> {
              for (int i = 0; i < 10; i++) {
                generator.produceClick(producer, clicksTopic, null, Instant.now(), false);
              }
            }),
        0,
        200,
        TimeUnit.MILLISECONDS);
  }

  /**
   * A new delivery each round; every 8th round also re-delivers the previous one (a no-op for the
   * ledger) and every 12th sends a corrected version of it (which replaces its rows).
   */
  private void deliver() {
    ShopGenerator.Delivery delivery = generator.writePaymentsFile(payments, 20);
    rounds++;
    if (previous != null && rounds % 8 == 0) {
      generator.redeliver(previous);
    } else if (previous != null && rounds % 12 == 0) {
      generator.correct(previous);
    }
    previous = delivery;
  }

  private static Runnable guarded(String feed, Step step) {
    return () -> {
      try {
        step.run();
      } catch (Exception e) {
        LOG.warn("demo feed {} failed this round: {}", feed, e.toString());
      }
    };
  }

  /** One round of a feed. */
  private interface Step {
    void run() throws Exception;
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
