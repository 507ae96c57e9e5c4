package dev.sluice.job.sink.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Checks before the job starts that its Kafka transactions can work: the transaction timeout must
 * not exceed what the broker allows, and must outlast a checkpoint interval.
 */
final class KafkaPreflight {

  private KafkaPreflight() {}

  /**
   * Fails with the fix in the message when {@code transactionTimeout} cannot work.
   *
   * @param key the option that set the timeout, named in the message
   */
  static void check(
      String key,
      String bootstrapServers,
      Duration transactionTimeout,
      Duration checkpointInterval) {
    if (transactionTimeout.compareTo(checkpointInterval.multipliedBy(2)) < 0) {
      throw new IllegalStateException(
          key
              + " ("
              + transactionTimeout
              + ") must be at least twice checkpoint.interval ("
              + checkpointInterval
              + "): a transaction stays open from one checkpoint until the next completes");
    }
    long brokerMax = brokerTransactionMaxTimeoutMs(bootstrapServers);
    if (transactionTimeout.toMillis() > brokerMax) {
      throw new IllegalStateException(
          key
              + " ("
              + transactionTimeout
              + ") exceeds the broker's transaction.max.timeout.ms ("
              + Duration.ofMillis(brokerMax)
              + ") at "
              + bootstrapServers
              + ": lower "
              + key
              + " or raise the broker's limit");
    }
  }

  private static long brokerTransactionMaxTimeoutMs(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    try (Admin admin = Admin.create(props)) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
      ConfigResource broker =
          new ConfigResource(
              ConfigResource.Type.BROKER, String.valueOf(nodes.iterator().next().id()));
      Config config =
          admin.describeConfigs(Set.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);
      ConfigEntry entry = config.get("transaction.max.timeout.ms");
      return Long.parseLong(entry.value());
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot read transaction.max.timeout.ms from the Kafka cluster at " + bootstrapServers,
          e);
    }
  }
}
