package dev.sluice.connectors.postgres.table;

import static dev.sluice.connectors.postgres.table.SluicePostgresOptions.*;

import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.connectors.postgres.PostgresExactlyOnceSink;
import dev.sluice.connectors.postgres.PostgresTable;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/** {@code 'connector' = 'sluice-postgres'}: the exactly-once Postgres sink for Flink SQL. */
public final class SluicePostgresTableFactory implements DynamicTableSinkFactory {

  public static final String IDENTIFIER = "sluice-postgres";

  @Override
  public String factoryIdentifier() {
    return IDENTIFIER;
  }

  @Override
  public Set<ConfigOption<?>> requiredOptions() {
    return Set.of(URL, TABLE_NAME);
  }

  @Override
  public Set<ConfigOption<?>> optionalOptions() {
    return Set.of(
        USERNAME,
        PASSWORD_ENV,
        PASSWORD_FILE,
        SINK_NAME,
        JOB,
        STAGING_SCHEMA,
        VERSION_COLUMN,
        BUFFER_MAX_CHANGES,
        STAGING_RETENTION);
  }

  @Override
  public DynamicTableSink createDynamicTableSink(Context context) {
    FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
    helper.validate();
    ReadableConfig options = helper.getOptions();
    ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
    List<String> key =
        schema
            .getPrimaryKey()
            .map(UniqueConstraint::getColumns)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "Table "
                            + context.getObjectIdentifier()
                            + " needs a PRIMARY KEY (...) NOT ENFORCED: it is the merge key"));
    String tableName = options.get(TABLE_NAME);
    PostgresTable table =
        new PostgresTable(
            tableName,
            schema.getColumnNames(),
            key,
            options.getOptional(VERSION_COLUMN).orElse(null),
            FlinkTypes.of(schema));
    PostgresEndpoint endpoint =
        new PostgresEndpoint(
            options.get(URL),
            options.get(USERNAME),
            options.getOptional(PASSWORD_ENV).orElse(null),
            options.getOptional(PASSWORD_FILE).orElse(null));
    PostgresExactlyOnceSink.Builder sink =
        PostgresExactlyOnceSink.builder()
            .endpoint(endpoint)
            .job(options.get(JOB))
            .sinkName(options.getOptional(SINK_NAME).orElse(tableName))
            .stagingSchema(options.get(STAGING_SCHEMA))
            .table(table)
            .maxBufferedChanges(options.get(BUFFER_MAX_CHANGES))
            .stagingRetentionSeconds(options.get(STAGING_RETENTION).toSeconds());
    return new SluicePostgresTableSink(sink, table, schema.toPhysicalRowDataType());
  }
}
