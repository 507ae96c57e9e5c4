package dev.sluice.job.definition;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;

/** Renders every key a pipeline file may hold, per source and sink type, as Markdown. */
public final class PipelineReference {

  private PipelineReference() {}

  /** The reference of the pipeline keys and of {@code registry}'s types; the same every time. */
  public static String markdown(TypeRegistry registry) {
    StringBuilder out = new StringBuilder();
    out.append("# Pipeline file reference\n\n")
        .append(
            "Generated from the engine's options by `PipelineReference`: do not edit. To update")
        .append(" it, run\n`./mvnw -pl flink-job test -Dtest=PipelineReferenceTest")
        .append(" -Dsluice.reference.update=true`.\n\n")
        .append("A pipeline file has the top-level keys `pipeline:`, `sources:`, `sinks:`,")
        .append(" `checkpoint:` and `restarts:`,\nand optionally `extends: <file>`: the file then")
        .append(
            " replaces only the keys it sets in the file it extends (sections merge key by key;")
        .append(
            " a\nrelative path is relative to the extending file, `classpath:` names one in the")
        .append(" job jar).\nNested keys may be written nested or dotted")
        .append(" (`tenancy: {column: x}` or `tenancy.column: x`). Any value can be\noverridden at")
        .append(" start with its key path, e.g. `sources.my-db.port=15432` (`;` separates list")
        .append(" items).\nNames of sources, sinks, tables, columns and views are letters, digits,")
        .append(" `_` and `-`. A key named\n`password` is refused: name an environment variable")
        .append(" (`password-env`) or a file (`password-file`).\n");
    out.append("\n## Pipeline\n\n");
    table(
        out,
        PipelineOptions.REQUIRED_OPTIONS,
        PipelineOptions.OPTIONAL_OPTIONS,
        key ->
            key.startsWith("checkpoint.") || key.startsWith("restarts.") ? key : "pipeline." + key);

    out.append("\n## Sources\n\n`sources.<name>:` is one source; its `type:` is one of these.\n");
    if (registry.sources().isEmpty()) {
      out.append("\nNo source types are registered.\n");
    }
    registry.sources().forEach(factory -> source(out, factory));

    out.append("\n## Columns\n\n")
        .append("`columns.<column>:` of a table is a mapping of these keys, or a type alone")
        .append(" (`amount: DECIMAL(12, 2)`).\n\n");
    table(out, ColumnOptions.REQUIRED_OPTIONS, ColumnOptions.OPTIONAL_OPTIONS, key -> key);

    out.append("\n## Expectations\n\n")
        .append("`expectations.<name>:` of a table is a mapping of these keys, or the SQL alone")
        .append(" (`paid: amount > 0`).\n\n");
    table(
        out, ExpectationOptions.REQUIRED_OPTIONS, ExpectationOptions.OPTIONAL_OPTIONS, key -> key);

    out.append("\n## Sinks\n\n`sinks.<name>:` is one sink; its `type:` is one of these.\n");
    if (registry.sinks().isEmpty()) {
      out.append("\nNo sink types are registered.\n");
    }
    registry.sinks().forEach(factory -> sink(out, factory));
    return out.toString();
  }

  private static void source(StringBuilder out, SourceType factory) {
    out.append("\n### `").append(factory.type()).append("`\n\n");
    out.append(factory.description().strip()).append("\n\n");
    String tablePrefix;
    if (factory.multiTable()) {
      out.append("Holds several tables, `sources.<name>.tables.<table>:`, each with the table")
          .append(" options, `columns:` and `expectations:`.\n");
      tablePrefix = "sources.<name>.tables.<table>.";
    } else {
      out.append("Is one table: the table options, `columns:` and `expectations:` sit beside")
          .append(" the source options.\n");
      tablePrefix = "sources.<name>.";
    }
    out.append("\nSource options:\n\n");
    table(
        out, factory.requiredOptions(), factory.optionalOptions(), key -> "sources.<name>." + key);
    out.append("\nTable options:\n\n");
    table(
        out,
        factory.requiredTableOptions(),
        factory.optionalTableOptions(),
        key -> tablePrefix + key);
    out.append("\nMetadata keys a column's `metadata:` may name:\n\n");
    out.append("| Key | Description |\n| --- | --- |\n");
    new TreeMap<>(factory.metadataKeys())
        .forEach(
            (key, description) ->
                out.append("| `")
                    .append(key)
                    .append("` | ")
                    .append(cell(description))
                    .append(" |\n"));
  }

  private static void sink(StringBuilder out, SinkType factory) {
    String section = factory.targetSection();
    out.append("\n### `").append(factory.type()).append("`\n\n");
    out.append(factory.description().strip()).append("\n\n");
    out.append("Serves views through `")
        .append(section)
        .append(".<view>:`, a mapping of the target options or a value alone for `")
        .append(factory.targetShorthand().key())
        .append("`.\n\nSink options:\n\n");
    table(out, factory.requiredOptions(), factory.optionalOptions(), key -> "sinks.<name>." + key);
    out.append("\nTarget options:\n\n");
    table(
        out,
        factory.requiredTargetOptions(),
        factory.optionalTargetOptions(),
        key -> "sinks.<name>." + section + ".<view>." + key);
  }

  private static void table(
      StringBuilder out,
      Set<ConfigOption<?>> required,
      Set<ConfigOption<?>> optional,
      Function<String, String> path) {
    out.append("| Key | Type | Default | Required | Description |\n");
    out.append("| --- | --- | --- | --- | --- |\n");
    Map<String, ConfigOption<?>> byPath = new TreeMap<>();
    required.forEach(option -> byPath.put(path.apply(option.key()), option));
    optional.forEach(option -> byPath.put(path.apply(option.key()), option));
    byPath.forEach(
        (key, option) ->
            out.append("| `")
                .append(key)
                .append("` | ")
                .append(cell(type(option)))
                .append(" | ")
                .append(option.hasDefaultValue() ? "`" + code(option.defaultValue()) + "`" : "")
                .append(" | ")
                .append(required.contains(option) ? "yes" : "")
                .append(" | ")
                .append(cell(PlainText.of(option)))
                .append(" |\n"));
  }

  private static String type(ConfigOption<?> option) {
    return OptionTypes.enumValues(option).isEmpty()
        ? OptionTypes.typeName(option)
        : OptionTypes.typeName(option) + ": " + String.join(", ", OptionTypes.enumValues(option));
  }

  private static String code(Object value) {
    String spelled = OptionTypes.spell(value);
    return (spelled.isEmpty() ? "\"\"" : spelled).replace("|", "\\|");
  }

  /** Text for a table cell: no line breaks, no column bars, no HTML. */
  private static String cell(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|");
  }
}
