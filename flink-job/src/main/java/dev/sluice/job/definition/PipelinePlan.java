package dev.sluice.job.definition;

import java.util.Map;
import java.util.TreeMap;

/** A pipeline definition as a person reads it: sources, tables, contracts, views, sinks. */
public final class PipelinePlan {

  private PipelinePlan() {}

  /** The resolved plan of {@code pipeline}, one item per line. */
  public static String describe(PipelineDefinition pipeline) {
    StringBuilder out = new StringBuilder();
    out.append("pipeline ")
        .append(pipeline.name())
        .append("  (")
        .append(pipeline.file())
        .append(")\n  SQL ")
        .append(pipeline.sqlDir())
        .append(": ")
        .append(String.join(", ", pipeline.options().get(PipelineOptions.SQL_FILES)))
        .append('\n');
    pipeline
        .options()
        .getOptional(PipelineOptions.TENANCY_COLUMN)
        .ifPresent(
            column ->
                out.append("  tenancy ")
                    .append(column)
                    .append(" in ")
                    .append(pipeline.options().get(PipelineOptions.TENANCY_ALLOWED))
                    .append('\n'));
    out.append("sources\n");
    for (SourceDef source : pipeline.sources()) {
      out.append("  ")
          .append(source.name())
          .append("  ")
          .append(source.type())
          .append(options(source.options()))
          .append('\n');
      for (TableDef table : source.tables()) {
        out.append("    table ").append(table.name()).append(options(table.options())).append('\n');
        for (ColumnDef column : table.columns()) {
          Map<String, String> rules = new TreeMap<>(column.options().toConfiguration().toMap());
          String type = rules.remove(ColumnOptions.TYPE.key());
          out.append("      ")
              .append(column.name())
              .append(' ')
              .append(type)
              .append(rules.isEmpty() ? "" : "  " + rules)
              .append('\n');
        }
        for (ExpectationDef expectation : table.expectations()) {
          out.append("      expect ")
              .append(expectation.name())
              .append(": ")
              .append(expectation.sql())
              .append("  (on violation: ")
              .append(expectation.onViolation().name().toLowerCase().replace('_', '-'))
              .append(")\n");
        }
      }
    }
    out.append("sinks\n");
    for (SinkDef sink : pipeline.sinks()) {
      out.append("  ")
          .append(sink.name())
          .append("  ")
          .append(sink.type())
          .append(options(sink.options()))
          .append('\n');
      for (TargetDef target : sink.targets()) {
        out.append("    ")
            .append(target.view())
            .append(" ->")
            .append(options(target.options()))
            .append('\n');
      }
    }
    return out.toString();
  }

  /** The options a file sets, as {@code key=value}..., sorted. */
  private static String options(DefOptions options) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(options.toConfiguration().toMap())
        .forEach((key, value) -> out.append("  ").append(key).append('=').append(value));
    return out.toString();
  }
}
