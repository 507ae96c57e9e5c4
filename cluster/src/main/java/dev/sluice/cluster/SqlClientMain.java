package dev.sluice.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/sluice sql}: the Flink SQL client ({@code org.apache.flink.table.client.SqlClient})
 * against the standalone cluster, with the shop's init script run first and the connectors its
 * tables need shipped with every job it submits.
 */
public final class SqlClientMain {

  private SqlClientMain() {}

  public static void main(String[] args) throws Exception {
    try {
      System.exit(run(List.of(args), true));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("sluice: " + e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs the SQL client in a child JVM; with {@code interactive} it shares this terminal, otherwise
   * its output is returned through the work directory's {@code log/sql-client.out}.
   */
  static int run(List<String> args, boolean interactive) throws Exception {
    Options o = new Options(args.stream().map(a -> a.equals("-f") ? "--file" : a).toList());
    Path root = Path.of(System.getProperty("sluice.root", "."));
    ClusterConfig cluster =
        ClusterConfig.of(
            o.path("--work-dir", root.resolve("work/cluster").toString()),
            8081,
            System.getProperty("java.class.path"));
    if (!Files.exists(cluster.conf().resolve("config.yaml"))) {
      throw new IllegalStateException(
          "No cluster configuration in " + cluster.conf() + "; bin/sluice cluster start first");
    }
    Path init = writeInit(root, cluster, o);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FlinkConfFiles.JAVA_OPENS);
    command.add("-Dlog.file=" + cluster.logs().resolve("sql-client.log"));
    command.add("-Dlog4j.configurationFile=" + cluster.conf().resolve("log4j.properties"));
    // The connectors are on the client's own classpath too: loaded once, by one classloader, the
    // JDBC catalog's factories stay one type (the session classloader alone loads them twice).
    List<String> connectors = connectorJars(root);
    command.add("-cp");
    command.add(cluster.classpath + ":" + String.join(":", connectors));
    command.add("org.apache.flink.table.client.SqlClient");
    command.add("embedded");
    command.add("-i");
    command.add(init.toString());
    for (String jar : connectors) {
      command.add("-j");
      command.add(jar);
    }
    String file = o.string("--file", null);
    if (file != null) {
      command.add("-f");
      command.add(Path.of(file).toAbsolutePath().toString());
    }
    Path lib = cluster.workDir.resolve("sql-client-lib");
    Files.createDirectories(lib);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("FLINK_CONF_DIR", cluster.conf().toString());
    builder.environment().put("FLINK_LIB_DIR", lib.toString());
    if (interactive) {
      builder.inheritIO();
    } else {
      builder
          .redirectErrorStream(true)
          .redirectOutput(cluster.logs().resolve("sql-client.out").toFile());
    }
    return builder.start().waitFor();
  }

  /** The init script with this machine's servers filled in, readable by this user only. */
  private static Path writeInit(Path root, ClusterConfig cluster, Options o) throws IOException {
    String url = o.string("--warehouse-url", "jdbc:postgresql://localhost:15432/warehouse");
    int slash = url.lastIndexOf('/');
    String password = System.getenv("SLUICE_WAREHOUSE_PG_PASSWORD");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("warehouse.base-url", url.substring(0, slash + 1));
    values.put("warehouse.database", url.substring(slash + 1));
    values.put("warehouse.username", o.string("--warehouse-user", "postgres"));
    // The JDBC catalog insists on a password; a server with trust authentication (the local
    // stack) ignores it.
    values.put("warehouse.password", password == null || password.isEmpty() ? "unused" : password);
    values.put("kafka", o.string("--kafka", "localhost:19092"));
    values.put("topic.clicks", o.string("--topic-prefix", "shop") + ".clicks");
    values.put(
        "topic.clicks-per-minute", o.string("--topic-prefix", "shop") + ".clicks_per_minute");
    values.put("topic.orders-enriched", o.string("--topic-prefix", "shop") + ".orders_enriched");
    values.put(
        "topic.payment-exceptions", o.string("--topic-prefix", "shop") + ".payment_exceptions");
    values.put("topic.dead-letters", o.string("--topic-prefix", "shop") + ".dead_letters");
    String sql =
        Files.readString(
            Path.of(o.string("--init", root.resolve("sql/shop/client-init.sql").toString())));
    for (Map.Entry<String, String> v : values.entrySet()) {
      sql = sql.replace("${" + v.getKey() + "}", v.getValue().replace("'", "''"));
    }
    Path init = cluster.conf().resolve("client-init.sql");
    Files.deleteIfExists(init);
    Files.createFile(
        init, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(init, sql);
    return init;
  }

  /** The connector jars the init script's tables need, shipped with each job (-j). */
  private static List<String> connectorJars(Path root) throws IOException {
    Path list =
        Path.of(
            System.getProperty(
                "sluice.sql.connectors",
                root.resolve("cluster/target/sql-connectors.classpath").toString()));
    List<String> jars = new ArrayList<>();
    for (String jar : Files.readString(list).trim().split(":")) {
      if (!jar.isBlank() && !jar.contains("flink-connector-base")) {
        jars.add(jar);
      }
    }
    return jars;
  }
}
