package dev.sluice.job.contract;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.job.factory.SourceFactory;
import dev.sluice.job.source.cdc.CdcSourceFactory;
import dev.sluice.job.source.files.FilesSourceFactory;
import dev.sluice.job.source.kafka.KafkaSourceFactory;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The shop's contracts, loaded from sql/shop/pipeline.yaml as the job loads them. */
final class ShopFile {

  static final PipelineDefinition SHOP = PipelineFiles.load(ShopPipelineFile.CLASSPATH, Map.of());

  /** The key option every source type reads from a table definition. */
  private static final ConfigOption<List<String>> KEY =
      ConfigOptions.key("key").stringType().asList().noDefaultValue();

  private ShopFile() {}

  static Contract orders() {
    return contract(cdcTable("orders"), ValueEncoding.DEBEZIUM, new CdcSourceFactory());
  }

  static Contract customers() {
    return contract(cdcTable("customers"), ValueEncoding.DEBEZIUM, new CdcSourceFactory());
  }

  static Contract payments() {
    return contract(table("payments"), ValueEncoding.TEXT, new FilesSourceFactory());
  }

  static Contract clicks() {
    return contract(table("clicks"), ValueEncoding.TEXT, new KafkaSourceFactory());
  }

  private static TableDef cdcTable(String table) {
    return SHOP.source("shop-db").tables().stream()
        .filter(t -> t.name().equals(table))
        .findFirst()
        .orElseThrow();
  }

  /** The one table of a single-table source. */
  private static TableDef table(String source) {
    return SHOP.source(source).tables().get(0);
  }

  private static Contract contract(TableDef table, ValueEncoding encoding, SourceFactory factory) {
    return TableContracts.of(
        table, table.options().get(KEY), Tenancy.of(SHOP), encoding, factory.metadataKeys());
  }
}
