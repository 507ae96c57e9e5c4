package dev.sluice.cli;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineOptions;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.job.sink.kafka.KafkaSinkFactory;
import dev.sluice.job.source.kafka.KafkaSourceFactory;
import dev.sluice.stack.Directories;
import dev.sluice.stack.LocalStack;
import dev.sluice.stack.LocalStackConfig;
import dev.sluice.stack.shop.ShopGenerator;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code bin/sluice demo}: the local stack, a seeded source, a live feed of inputs and the shop
 * pipeline on a local Flink MiniCluster with the web UI, printing progress until Ctrl-C.
 */
public final class DemoCommand {

  private static final String SOURCE_DB = "shop";
  private static final String WAREHOUSE_DB = "warehouse";

  private final Path workDir;
  private final int uiPort;
  private final LocalStackConfig stackConfig;
  private final boolean feedOnly;

  /**
   * @param feedOnly the servers, the data and the live feed, but no job: for a pipeline submitted
   *     to a cluster ({@code bin/sluice submit sql/shop/local.yaml})
   */
  DemoCommand(Path workDir, int uiPort, LocalStackConfig stackConfig, boolean feedOnly) {
    this.workDir = workDir;
    this.uiPort = uiPort;
    this.stackConfig = stackConfig;
    this.feedOnly = feedOnly;
  }

  void run() throws Exception {
    CountDownLatch stop = LocalJobRunner.stopOnSignals();
    long started = System.nanoTime();
    say("starting the local stack (Postgres with logical replication, Kafka in KRaft mode)...");
    try (LocalStack stack = LocalStack.start(stackConfig)) {
      say("  postgres " + stack.postgres().jdbcUrl(SOURCE_DB) + " (user postgres)");
      say("  kafka    " + stack.kafka().bootstrapServers());
      // The servers start empty, so the files and checkpoints of an earlier demo go too.
      for (String stale : new String[] {"landing", "checkpoints"}) {
        if (Files.exists(workDir.resolve(stale))) {
          Directories.delete(workDir.resolve(stale));
        }
      }
      Path landing = workDir.resolve("landing/payments");
      Files.createDirectories(landing);
      stack.postgres().createDatabase(SOURCE_DB);
      stack.postgres().createDatabase(WAREHOUSE_DB);
      PipelineDefinition pipeline = pipeline(stack, landing);
      String clicks = KafkaSourceFactory.topics(pipeline).get(0);
      stack.kafka().createTopic(clicks, 2);
      for (String topic : KafkaSinkFactory.topics(pipeline)) {
        stack.kafka().createTopic(topic, 2);
      }

      ShopGenerator generator =
          new ShopGenerator(
                  System.currentTimeMillis(), Instant.now().minus(2, ChronoUnit.DAYS), 0.03)
              .withoutExpectations();
      try (Connection source = stack.postgres().connect(SOURCE_DB);
          KafkaProducer<byte[], byte[]> producer = producer(stack)) {
        ShopGenerator.createSourceTables(source);
        generator.insertCustomers(source);
        generator.insertOrders(source, 500);
        say(
            "seeded "
                + ShopGenerator.TENANTS.size() * ShopGenerator.CUSTOMERS_PER_TENANT
                + " customers and 500 orders in database "
                + SOURCE_DB
                + (feedOnly ? "" : "; starting the pipeline..."));

        if (feedOnly) {
          try (DemoFeed feed = new DemoFeed(generator, source, producer, clicks, landing)) {
            feed.start();
            say("");
            say("The servers and the live feed are up; no job runs here. Submit one:");
            say("  bin/sluice cluster start && bin/sluice submit sql/shop/local.yaml");
            say("Ctrl-C stops the feed and the servers.");
            stop.await();
            say("stopping: the feed, then the servers...");
          }
          return;
        }
        JobClient job = LocalJobRunner.start(pipeline, uiPort);
        try (DemoFeed feed = new DemoFeed(generator, source, producer, clicks, landing)) {
          feed.start();
          printHowToLook(stack, pipeline, landing, started);
          LocalJobRunner.printProgressUntil(
              job, stop, uiPort, pipeline.options().get(PipelineOptions.CHECKPOINT_INTERVAL));
          say("stopping: the feed, the job, then the servers...");
        }
      }
    }
    say("stopped; nothing is left running. Data stays in " + workDir + " until the next demo.");
  }

  /** The shop pipeline file pointed at the local stack. */
  private PipelineDefinition pipeline(LocalStack stack, Path landing) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sources.shop-db.port", String.valueOf(stack.postgres().port()));
    o.put("sources.shop-db.database", SOURCE_DB);
    o.put("sources.shop-db.heartbeat-interval", "10 s");
    o.put("sources.payments.path", landing.toUri().toString());
    o.put("sources.clicks.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("sinks.warehouse.url", stack.postgres().jdbcUrl(WAREHOUSE_DB));
    o.put("sinks.events.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("checkpoint.interval", "5 s");
    o.put("checkpoint.dir", workDir.resolve("checkpoints").toUri().toString());
    return PipelineFiles.load(ShopPipelineFile.CLASSPATH, o);
  }

  private static KafkaProducer<byte[], byte[]> producer(LocalStack stack) {
    return new KafkaProducer<>(
        stack.kafka().clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private void printHowToLook(
      LocalStack stack, PipelineDefinition pipeline, Path landing, long started) {
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    say("");
    say("Sluice demo is running (up in " + seconds + " s). Ctrl-C stops everything.");
    say("  Flink web UI      http://localhost:" + uiPort);
    say(
        "  source database   "
            + stack.postgres().jdbcUrl(SOURCE_DB)
            + "  tables public.orders, public.customers");
    say(
        "  warehouse         "
            + stack.postgres().jdbcUrl(WAREHOUSE_DB)
            + "  user postgres, no password");
    say("                    marts: tenant_daily_revenue, funnel_daily, customer_360,");
    say("                           payment_reconciliation; curated.orders_enriched");
    say("                    ops: pipeline_progress, batch_ledger, dead_letters");
    say("  kafka             " + stack.kafka().bootstrapServers());
    say(
        "                    in: "
            + String.join(", ", KafkaSourceFactory.topics(pipeline))
            + "  out: "
            + String.join(", ", KafkaSinkFactory.topics(pipeline)));
    say("                    (read them with isolation.level=read_committed)");
    say("  payment files     " + landing.toUri() + "  (CSV + manifest per delivery)");
    say(
        "  e.g.  psql -h localhost -p "
            + stack.postgres().port()
            + " -U postgres warehouse -c 'TABLE ops.pipeline_progress'");
    say("");
  }

  private static void say(String line) {
    LocalJobRunner.say(line);
  }
}
