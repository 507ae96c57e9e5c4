package dev.sluice.stack.shop;

import dev.sluice.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shop example's pipeline file ({@code sql/shop/pipeline.yaml}) and the {@code --set} overrides
 * that point it at a local stack: one place for the keys the demo, the tests, the cluster run and
 * the chaos run change.
 */
public final class ShopPipelineFile {

  /** The file inside the job jar. */
  public static final String CLASSPATH = "classpath:sql/shop/pipeline.yaml";

  /** The names of one run's databases, slot, topics and landing directory. */
  public record World(
      String sourceDb,
      String warehouseDb,
      String slot,
      Path landing,
      String clicksTopic,
      String groupId,
      String clicksPerMinuteTopic,
      String enrichedOrdersTopic,
      String paymentExceptionsTopic,
      String deadLetterTopic) {

    /** A world whose every name ends with {@code -<id>} (topics) or {@code _<id>} (database). */
    public static World named(String id, Path landing) {
      return new World(
          "shop_" + id,
          "warehouse_" + id,
          "slot_" + id,
          landing,
          "clicks-" + id,
          "group-" + id,
          "clicks-per-minute-" + id,
          "orders-enriched-" + id,
          "payment-exceptions-" + id,
          "dead-letters-" + id);
    }
  }

  private ShopPipelineFile() {}

  /** Overrides pointing the shop pipeline at {@code stack} and {@code world}'s names. */
  public static Map<String, String> overrides(
      LocalStack stack, World world, Duration checkpointInterval) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sources.shop-db.hostname", "localhost");
    o.put("sources.shop-db.port", String.valueOf(stack.postgres().port()));
    o.put("sources.shop-db.database", world.sourceDb());
    o.put("sources.shop-db.slot-name", world.slot());
    o.put("sources.shop-db.publication-name", world.slot() + "_pub");
    o.put("sources.shop-db.heartbeat-interval", "1 s");
    o.put("sources.payments.path", world.landing().toUri().toString());
    o.put("sources.payments.discovery-interval", "200 ms");
    o.put("sources.clicks.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("sources.clicks.topic", world.clicksTopic());
    o.put("sources.clicks.group-id", world.groupId());
    o.put("sinks.warehouse.url", stack.postgres().jdbcUrl(world.warehouseDb()));
    o.put("sinks.events.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("sinks.events.topics.mart_clicks_per_minute.topic", world.clicksPerMinuteTopic());
    o.put("sinks.events.topics.cur_orders_enriched.topic", world.enrichedOrdersTopic());
    o.put("sinks.events.topics.cur_payment_reconciliation.topic", world.paymentExceptionsTopic());
    o.put("sinks.events.dead-letters", world.deadLetterTopic());
    o.put("checkpoint.interval", checkpointInterval.toMillis() + " ms");
    return o;
  }

  /** {@code overrides} as command-line arguments: {@code --set key=value} each. */
  public static String[] args(Map<String, String> overrides) {
    return overrides.entrySet().stream()
        .flatMap(e -> java.util.stream.Stream.of("--set", e.getKey() + "=" + e.getValue()))
        .toArray(String[]::new);
  }
}
