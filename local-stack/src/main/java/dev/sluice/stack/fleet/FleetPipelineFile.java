package dev.sluice.stack.fleet;

import dev.sluice.stack.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fleet example's pipeline file ({@code sql/fleet/pipeline.yaml}) and the {@code --set}
 * overrides that point it at a local stack.
 */
public final class FleetPipelineFile {

  /** The file inside the job jar. */
  public static final String CLASSPATH = "classpath:sql/fleet/pipeline.yaml";

  private FleetPipelineFile() {}

  /** Overrides pointing the fleet pipeline at {@code stack}, names ending in {@code id}. */
  public static Map<String, String> overrides(
      LocalStack stack, String id, Path landing, Duration checkpointInterval) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("sources.fleet-db.port", String.valueOf(stack.postgres().port()));
    o.put("sources.fleet-db.database", sourceDb(id));
    o.put("sources.fleet-db.slot-name", "fleet_" + id);
    o.put("sources.fleet-db.publication-name", "fleet_" + id + "_pub");
    o.put("sources.fleet-db.heartbeat-interval", "1 s");
    o.put("sources.telemetry.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("sources.telemetry.topic", telemetryTopic(id));
    o.put("sources.telemetry.group-id", "fleet-" + id);
    o.put("sources.fuel.path", landing.toUri().toString());
    o.put("sources.fuel.discovery-interval", "200 ms");
    o.put("sinks.warehouse.url", stack.postgres().jdbcUrl(warehouseDb(id)));
    o.put("sinks.alerts.bootstrap-servers", stack.kafka().bootstrapServers());
    o.put("sinks.alerts.dead-letters", "fleet-dead-letters-" + id);
    o.put("sinks.alerts.topics.mart_vehicle_hourly.topic", "fleet-hourly-" + id);
    o.put("sinks.alerts.topics.cur_vehicles.topic", "fleet-vehicles-" + id);
    o.put("checkpoint.interval", checkpointInterval.toMillis() + " ms");
    return o;
  }

  public static String sourceDb(String id) {
    return "fleet_" + id;
  }

  public static String warehouseDb(String id) {
    return "fleet_warehouse_" + id;
  }

  public static String telemetryTopic(String id) {
    return "fleet-telemetry-" + id;
  }
}
