package dev.sluice.chaos;

import dev.sluice.cluster.ClusterConfig;
import dev.sluice.cluster.StandaloneCluster;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.shop.ShopExpectations;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One chaos run from start to verdict: a real Postgres and Kafka broker, a standalone Flink
 * cluster, the shop pipeline submitted to it, live mixed load while TaskManagers are killed and
 * replaced and the broker and Postgres restart; then the inputs stop, the outputs drain and are
 * compared with the oracle, the job stops with a savepoint and Kafka is checked for open
 * transactions.
 */
public final class ChaosRun {

  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final Duration DRAIN = Duration.ofMinutes(5);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private final ChaosSettings settings;
  private final PrintStream out;

  public ChaosRun(ChaosSettings settings) {
    this.settings = settings;
    this.out = settings.out();
  }

  public ChaosReport run() throws Exception {
    Random random = new Random(settings.seed());
    say(
        "starting Postgres, Kafka and a Flink cluster (%d TaskManagers x 2 slots) in %s",
        settings.taskManagers(), settings.workDir());
    try (LocalStack stack =
            LocalStack.start(LocalStackConfig.forTests(settings.workDir().resolve("stack")));
        StandaloneCluster cluster =
            StandaloneCluster.start(
                new ClusterConfig(
                    settings.workDir().resolve("cluster"),
                    freePort(),
                    freePort(),
                    settings.taskManagers(),
                    2,
                    settings.clusterClasspath()))) {
      ChaosWorld world = ChaosWorld.create(stack, settings.workDir(), settings.seed());
      String jarId = cluster.rest().uploadJar(settings.jobJar());
      String job =
          cluster
              .rest()
              .runJar(jarId, null, List.of("--pipeline", world.pipeline.toString()), null);
      say("submitted job %s; web UI %s", job, cluster.config().restUrl());
      List<ChaosEvent> events;
      ChaosVerdict verdict = new ChaosVerdict(world, DRAIN);
      List<ChaosCheck> checks;
      long slotLag;
      long failedRounds;
      try (OutputWatch watch =
              new OutputWatch(
                  cluster.rest(),
                  job,
                  stack.kafka().bootstrapServers(),
                  ChaosWorld.topic("enriched"),
                  ChaosWorld.PARTITIONS);
          ChaosFeed feed = new ChaosFeed(world)) {
        await("the job's first output", STARTUP, () -> watch.running() && watch.committed() > 0);
        feed.start();
        // Faults start once the CDC source streams the WAL (its slot's confirmed position moves):
        // the run is about restores of a streaming job, not of its initial snapshot.
        String slotAtStart = confirmedFlush(world);
        await(
            "the CDC source to stream (slot " + ChaosWorld.SLOT + " confirming)",
            STARTUP,
            () -> {
              String now = confirmedFlush(world);
              return now != null && !now.equals(slotAtStart);
            });
        long loadStart = System.nanoTime();
        say(
            "live load for %d s with %d TaskManager kills, a Kafka restart and a Postgres restart",
            settings.load().toSeconds(), settings.kills());
        events =
            schedule(new Faults(cluster, stack, watch, feed, random, loadStart), random, loadStart);
        long end = loadStart + settings.load().toNanos();
        while (System.nanoTime() < end) {
          Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        feed.close();
        failedRounds = feed.failedRounds();
      }
      Set<String> openCustomers = new HashSet<>();
      Instant closing = closeOpenWindows(world, openCustomers);
      String openMinute =
          MINUTE.format(closing.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES));
      say("inputs stopped; waiting for the outputs to drain and comparing them with the oracle");
      ShopExpectations expected = world.generator.expected();
      checks = verdict.check(expected, openCustomers, openMinute);
      slotLag = awaitSlotLag(world);
      String savepoint = cluster.rest().stopWithSavepoint(job, null, Duration.ofMinutes(2));
      say("job stopped with savepoint %s", savepoint);
      long open = openTransactions(stack.kafka().bootstrapServers());
      return new ChaosReport(
          settings, events, checks, inputs(world, expected), open, slotLag, failedRounds);
    }
  }

  /**
   * The faults in a random order (the broker restart in the first half, Postgres in the second),
   * spread evenly over the load with jitter; every other kill waits for a checkpoint in flight.
   */
  private List<ChaosEvent> schedule(Faults faults, Random random, long loadStart) throws Exception {
    int total = settings.kills() + 2;
    List<String> plan = new ArrayList<>();
    for (int i = 0; i < settings.kills(); i++) {
      plan.add("kill");
    }
    plan.add(random.nextInt(Math.max(1, total / 2)), "kafka");
    plan.add(total / 2 + random.nextInt(Math.max(1, total - total / 2)), "postgres");
    long slot = settings.load().toNanos() / (total + 1);
    List<ChaosEvent> events = new ArrayList<>();
    int kills = 0;
    for (int i = 0; i < plan.size(); i++) {
      long at = loadStart + (i + 1) * slot + (long) ((random.nextDouble() - 0.5) * slot / 2);
      while (System.nanoTime() < at) {
        Thread.sleep(Math.max(1, Math.min(500, (at - System.nanoTime()) / 1_000_000)));
      }
      ChaosEvent event =
          switch (plan.get(i)) {
            case "kafka" -> faults.restartKafka();
            case "postgres" -> faults.restartPostgres();
            default -> faults.killTaskManager(kills++ % 2 == 0);
          };
      events.add(event);
      say(
          "%s (%s): %s",
          event.what(),
          event.when(),
          event.recovered()
              ? String.format("output moving again after %.1f s", event.recoveryMillis() / 1000.0)
              : "NOT RECOVERED within the deadline");
    }
    return events;
  }

  /**
   * Sends one good click per partition 20 minutes ahead, so that event time passes every session
   * and minute window of the load; returns its time and adds its customers (whose sessions stay
   * open) to {@code openCustomers}.
   */
  private static Instant closeOpenWindows(ChaosWorld world, Set<String> openCustomers) {
    // Event time is kept to the millisecond, as Kafka timestamps and the job's rowtime are.
    Instant closing = Instant.now().plus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    Properties props = world.stack.kafka().clientProperties();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int p = 0; p < ChaosWorld.PARTITIONS; p++) {
        ShopExpectations.Click click =
            world.generator.produceGoodClick(producer, ChaosWorld.topic("clicks"), p, closing);
        openCustomers.add(click.tenantId + "|" + click.customerId);
      }
    }
    return closing;
  }

  /** Waits until the slot has caught up with the WAL; returns the last lag seen. */
  private static long awaitSlotLag(ChaosWorld world) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long lag = slotLag(world);
    while ((lag < 0 || lag >= ChaosReport.SLOT_LAG_LIMIT) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      lag = slotLag(world);
    }
    return lag;
  }

  /** The CDC slot's confirmed_flush_lsn, or null while it has none. */
  private static String confirmedFlush(ChaosWorld world) {
    return slot(world, "confirmed_flush_lsn::text");
  }

  /** Bytes the CDC slot is behind the end of the WAL, or -1 while that is unknown. */
  private static long slotLag(ChaosWorld world) {
    String lag = slot(world, "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)");
    return lag == null ? -1 : new java.math.BigDecimal(lag).longValue();
  }

  /** {@code expression} over the CDC slot's row of pg_replication_slots, or null. */
  private static String slot(ChaosWorld world, String expression) {
    try (Connection c = world.source();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT "
                    + expression
                    + " FROM pg_replication_slots WHERE slot_name = '"
                    + ChaosWorld.SLOT
                    + "'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Transactions the broker still holds open, plus output partitions whose last stable offset lags
   * their high watermark (a transaction left open there); both must be 0.
   */
  private static long openTransactions(String bootstrapServers) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      Collection<TransactionListing> listings =
          admin.listTransactions().all().get(30, TimeUnit.SECONDS);
      long open =
          listings.stream()
              .filter(
                  t ->
                      t.state() == TransactionState.ONGOING
                          || t.state() == TransactionState.PREPARE_COMMIT
                          || t.state() == TransactionState.PREPARE_ABORT)
              .count();
      Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
      for (String topic : List.of("cpm", "dl", "enriched", "exceptions")) {
        for (int p = 0; p < ChaosWorld.PARTITIONS; p++) {
          latest.put(new TopicPartition(ChaosWorld.topic(topic), p), OffsetSpec.latest());
        }
      }
      var committed =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      var all =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get(30, TimeUnit.SECONDS);
      for (TopicPartition tp : latest.keySet()) {
        if (committed.get(tp).offset() != all.get(tp).offset()) {
          open++;
        }
      }
      return open;
    }
  }

  private static String inputs(ChaosWorld world, ShopExpectations expected) {
    long orders = -1;
    try (Connection c = world.source();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM orders")) {
      orders = rs.next() ? rs.getLong(1) : -1;
    } catch (Exception e) {
      // reported as -1
    }
    return String.format(
        "%d clicks (%d bad), %d payment deliveries with %d lines (%d bad records), %d orders at"
            + " the source (%d bad), %d customer versions",
        expected.clickRecords,
        expected.bad("clicks").size(),
        expected.deliveries,
        expected.paymentLines,
        expected.bad("payments").size(),
        orders,
        expected.bad("orders").size(),
        expected.customerVersions.size());
  }

  private void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(250);
    }
  }

  private void say(String format, Object... args) {
    out.printf("[%s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
