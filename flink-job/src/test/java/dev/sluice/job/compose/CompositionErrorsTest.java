package dev.sluice.job.compose;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.JobEnvironment;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.PipelineFileException;
import dev.sluice.job.factory.FactoryRegistry;
import dev.sluice.job.factory.PipelineFiles;
import dev.sluice.stack.shop.ShopPipelineFile;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad pipeline files that parse but cannot be composed: each fails while the job graph is built
 * (offline, no server), naming the file, the line, the key and the fix.
 */
class CompositionErrorsTest {

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of(
            "a view the SQL never defines",
            Map.of("sinks.warehouse.tables.mart_nowhere", "marts.nowhere"),
            "sinks.warehouse.tables.mart_nowhere: the pipeline's SQL defines no view mart_nowhere."
                + " Define it in one of pipeline.sql-files"),
        Arguments.of(
            "an expectation that is not valid SQL",
            Map.of("sources.shop-db.tables.orders.expectations.paid", "amount >>> 0"),
            "sources.shop-db.tables.orders.expectations.paid.sql: 'amount >>> 0' is not valid SQL"),
        Arguments.of(
            "an expectation that is no condition",
            Map.of("sources.shop-db.tables.orders.expectations.paid", "amount + 1"),
            "is DECIMAL(13, 2), not a condition"),
        Arguments.of(
            "an expectation naming a column the table lacks",
            Map.of("sources.payments.expectations.fee", "fee > 0"),
            "sources.payments.expectations.fee.sql: 'fee > 0' is not valid SQL"),
        Arguments.of(
            "a partition placeholder naming no column",
            Map.of("sources.payments.layout", "dt={dt}/region={region}"),
            "sources.payments.layout: {region} names no declared column"),
        Arguments.of(
            "a layout segment that is not name={column}",
            Map.of("sources.payments.layout", "dt={dt}/tenant"),
            "sources.payments.layout: segment 'tenant' of layout 'dt={dt}/tenant' is not"
                + " name={column}"),
        Arguments.of(
            "a key column never declared",
            Map.of("sources.shop-db.tables.orders.key", "tenant_id;order_no"),
            "sources.shop-db.tables.orders.key: key column order_no is not declared under columns"),
        Arguments.of(
            "a captured table without its schema",
            Map.of("sources.shop-db.tables.orders.table", "orders"),
            "sources.shop-db.tables.orders.table: 'orders' is not schema-qualified"),
        Arguments.of(
            "an updating view on an append topic",
            Map.of("sinks.events.topics.cur_orders_enriched.mode", "append"),
            "sinks.events.topics.cur_orders_enriched.mode: view cur_orders_enriched is an updating"
                + " changelog"),
        Arguments.of(
            "an upsert topic without a key",
            Map.of("sinks.events.topics.cur_orders_enriched.key", ""),
            "sinks.events.topics.cur_orders_enriched.key: an upsert topic needs the columns of its"
                + " key"),
        Arguments.of(
            "tombstones on an append topic",
            Map.of("sinks.events.topics.mart_clicks_per_minute.tombstone-column", "event_type"),
            "tombstones need mode: upsert"),
        Arguments.of(
            "an event-time column the records do not hold",
            Map.of("sources.clicks.event-time", "source_position"),
            "sources.clicks.event-time: source_position is not a declared column read from the"
                + " records"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void failsNamingTheKeyAndTheFix(String what, Map<String, String> overrides, String message) {
    assertThatThrownBy(() -> compose(overrides))
        .isInstanceOf(PipelineFileException.class)
        .hasMessageStartingWith("classpath:sql/shop/pipeline.yaml")
        .hasMessageContaining(message);
  }

  private static void compose(Map<String, String> overrides) {
    PipelineDefinition pipeline = PipelineFiles.load(ShopPipelineFile.CLASSPATH, overrides);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    PipelineComposer.compose(
        env, JobEnvironment.tableEnvironment(env), pipeline, FactoryRegistry.discover(), false);
  }
}
