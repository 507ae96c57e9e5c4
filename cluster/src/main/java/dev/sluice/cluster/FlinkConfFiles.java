package dev.sluice.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Writes the cluster's {@code conf/config.yaml} and {@code conf/log4j.properties}: RocksDB with
 * incremental checkpoints and savepoints under the work directory, exponential-delay restarts (1 s
 * doubling to at most 10 s, back to 1 s after a minute without failure), memory for a 2-core, 24 GB
 * machine, everything bound to localhost.
 */
final class FlinkConfFiles {

  /** The flags Flink's own scripts start Java 17 with. */
  static final List<String> JAVA_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private FlinkConfFiles() {}

  static void write(ClusterConfig c) throws IOException {
    Files.createDirectories(c.conf());
    Files.createDirectories(c.logs());
    String wd = c.workDir.toUri().toString();
    String yaml =
        String.join(
            "\n",
            "# Written by bin/sluice cluster start; edits are overwritten on the next start.",
            "jobmanager.rpc.address: localhost",
            "jobmanager.rpc.port: " + c.rpcPort,
            "jobmanager.bind-host: localhost",
            "jobmanager.memory.process.size: 1024m",
            "taskmanager.bind-host: localhost",
            "taskmanager.host: localhost",
            "taskmanager.memory.process.size: 2560m",
            "taskmanager.memory.managed.fraction: 0.3",
            "taskmanager.numberOfTaskSlots: " + c.slots,
            "parallelism.default: 2",
            "rest.address: localhost",
            "rest.bind-address: localhost",
            "rest.port: " + c.restPort,
            "web.log.path: " + c.logs().resolve("jobmanager.log"),
            // Checkpoint statistics as they are, not up to 3 s old (what is in flight now).
            "rest.cache.checkpoint-statistics.timeout: 100 ms",
            "state.backend.type: rocksdb",
            "state.backend.incremental: true",
            "state.checkpoints.dir: " + wd + "checkpoints",
            "state.savepoints.dir: " + wd + "savepoints",
            "execution.checkpointing.interval: 10 s",
            "execution.checkpointing.mode: EXACTLY_ONCE",
            "restart-strategy.type: exponential-delay",
            "restart-strategy.exponential-delay.initial-backoff: 1 s",
            "restart-strategy.exponential-delay.max-backoff: 10 s",
            "restart-strategy.exponential-delay.reset-backoff-threshold: 1 min",
            // A TaskManager that dies is noticed within seconds: two failed heartbeat RPCs.
            "heartbeat.interval: 2000",
            "heartbeat.timeout: 20000",
            "heartbeat.rpc-failure-threshold: 2",
            "env.java.opts.all: " + String.join(" ", JAVA_OPENS),
            "");
    Files.writeString(c.conf().resolve("config.yaml"), yaml);
    String log4j =
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "");
    Files.writeString(c.conf().resolve("log4j.properties"), log4j);
    Files.writeString(c.conf().resolve("log4j-console.properties"), log4j);
  }
}
