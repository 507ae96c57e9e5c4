package dev.sluice.chaos;

import dev.sluice.stack.shop.ShopGenerator;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The mixed live load of a chaos run: CDC inserts, updates and deletes of orders, customers moving
 * segment, payment deliveries (some re-delivered or corrected) and clicks, each with a share of bad
 * records, late and duplicate clicks among them. The generator's writes are the oracle's record, so
 * a write must never be in doubt: the harness pauses the database part while Postgres restarts and
 * the clicks while the broker restarts (a paused round is skipped, not queued).
 */
final class ChaosFeed implements AutoCloseable {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ChaosWorld world;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ReentrantLock database = new ReentrantLock();
  private final ReentrantLock kafka = new ReentrantLock();
  private final AtomicLong failedRounds = new AtomicLong();
  private ShopGenerator.Delivery previous;
  private long deliveries;
  private long clickRounds;

  ChaosFeed(ChaosWorld world) {
    this.world = world;
    var props = world.stack.kafka().clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  void start() {
    ShopGenerator g = world.generator;
    scheduler.scheduleWithFixedDelay(
        round(
            database,
            () -> {
              try (Connection c = world.source()) {
                g.insertOrders(c, 2);
                g.mutateOrders(c, 2);
              }
            }),
        0,
        500,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        round(
            database,
            () -> {
              try (Connection c = world.source()) {
                g.updateCustomers(c, 1);
              }
            }),
        1,
        5,
        TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(round(null, this::deliver), 1, 3, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(
        round(
            kafka,
            () -> {
              Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
              for (int i = 0; i < 5; i++) {
                g.produceClick(producer, ChaosWorld.topic("clicks"), null, now, false);
              }
              if (++clickRounds % 25 == 0) {
                lateAndDuplicate(now, (int) (clickRounds / 25 % ChaosWorld.PARTITIONS));
              }
            }),
        0,
        200,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Every 5 s: a good click, the same click again (DUPLICATE: same tenant and event id, well within
   * the dedupe retention) and a click a minute behind them (LATE: far past the 5 s
   * out-of-orderness), back to back in one partition. Back to back because the watermark is not
   * checkpointed: a restore whose offset fell right before the late click would read it first,
   * under no watermark, as on time; here the copy, read before it, sets the watermark again.
   */
  private void lateAndDuplicate(Instant now, int partition) {
    ShopGenerator g = world.generator;
    String topic = ChaosWorld.topic("clicks");
    g.produceGoodClick(producer, topic, partition, now);
    g.produceDuplicate(producer, topic, partition);
    g.produceClick(producer, topic, partition, now.minusSeconds(60), true);
  }

  /** Holds the database rounds back until {@link #resumeDatabase()}; waits for a running one. */
  void pauseDatabase() {
    database.lock();
  }

  void resumeDatabase() {
    database.unlock();
  }

  /** Holds the click rounds back until {@link #resumeKafka()}; waits for a running one. */
  void pauseKafka() {
    kafka.lock();
  }

  void resumeKafka() {
    kafka.unlock();
  }

  /** Rounds that failed: each one makes the oracle's record of the inputs uncertain. */
  long failedRounds() {
    return failedRounds.get();
  }

  /** A new delivery each round; every 7th re-delivers the previous one, every 11th corrects it. */
  private void deliver() {
    ShopGenerator.Delivery delivery = world.generator.writePaymentsFile(world.landing, 15);
    deliveries++;
    if (previous != null && deliveries % 7 == 0) {
      world.generator.redeliver(previous);
    } else if (previous != null && deliveries % 11 == 0) {
      world.generator.correct(previous);
    }
    previous = delivery;
  }

  private Runnable round(ReentrantLock guard, Step step) {
    return () -> {
      if (guard != null && !guard.tryLock()) {
        return;
      }
      try {
        step.run();
      } catch (Exception e) {
        failedRounds.incrementAndGet();
        System.err.println("chaos feed round failed: " + e);
      } finally {
        if (guard != null) {
          guard.unlock();
        }
      }
    };
  }

  /** One round of a feed. */
  private interface Step {
    void run() throws Exception;
  }

  /** Stops the feed after the round that runs now, then closes the producer. */
  @Override
  public void close() throws InterruptedException {
    scheduler.shutdown();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
    producer.close();
  }
}
