package dev.sluice.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.cluster.FlinkRest;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches the job from outside, as an operator would: its state through the REST API, and its
 * output through the enriched-orders topic's committed end offsets (they only move when a Kafka
 * transaction of the job commits, which happens once per completed checkpoint with new orders).
 */
final class OutputWatch implements AutoCloseable {

  private final FlinkRest rest;
  private final String job;
  private final Admin admin;
  private final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();

  OutputWatch(FlinkRest rest, String job, String bootstrapServers, String topic, int partitions) {
    this.rest = rest;
    this.job = job;
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    this.admin = Admin.create(props);
    for (int p = 0; p < partitions; p++) {
      this.partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
  }

  /** Records of the topic visible under read_committed, or -1 while the broker does not answer. */
  long committed() {
    try {
      return admin
          .listOffsets(partitions, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(5, TimeUnit.SECONDS)
          .values()
          .stream()
          .mapToLong(info -> info.offset())
          .sum();
    } catch (Exception brokerAway) {
      return -1;
    }
  }

  /** The job and every one of its vertices are RUNNING. */
  boolean running() {
    try {
      JsonNode details = rest.job(job);
      if (!"RUNNING".equals(details.path("state").asText())) {
        return false;
      }
      for (JsonNode vertex : details.path("vertices")) {
        if (!"RUNNING".equals(vertex.path("status").asText())) {
          return false;
        }
      }
      return true;
    } catch (Exception notAnswering) {
      return false;
    }
  }

  /**
   * How often the job restored from a checkpoint, i.e. restarted after a failure; -1 while the
   * JobManager does not answer. (Its {@code numRestarts} metric stays 0 through such restarts on
   * Flink 1.20, so the checkpoint statistics are the record.)
   */
  long restarts() {
    try {
      return rest.checkpoints(job).path("counts").path("restored").asLong(-1);
    } catch (Exception notAnswering) {
      return -1;
    }
  }

  /** The id of a checkpoint in progress now, or -1. */
  long checkpointInProgress() {
    try {
      JsonNode stats = rest.checkpoints(job);
      if (stats.path("counts").path("in_progress").asInt() == 0) {
        return -1;
      }
      for (JsonNode cp : stats.path("history")) {
        if ("IN_PROGRESS".equals(cp.path("status").asText())) {
          return cp.path("id").asLong();
        }
      }
      return 0;
    } catch (Exception notAnswering) {
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
