package dev.sluice.job.definition;

import dev.sluice.job.definition.OptionChecker.KeyPaths;
import dev.sluice.job.definition.OptionChecker.Raw;
import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Scalar;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.UnresolvedUserDefinedType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/** Reads one table of a source: its options, {@code columns:} and {@code expectations:}. */
final class TableReader {

  static final String COLUMNS = "columns";
  static final String EXPECTATIONS = "expectations";

  /** The keys of a table that are not options. */
  static final Set<String> SECTIONS = Set.of(COLUMNS, EXPECTATIONS);

  private static final Set<String> COLUMN_KEYS =
      OptionChecker.keys(ColumnOptions.REQUIRED_OPTIONS, ColumnOptions.OPTIONAL_OPTIONS);
  private static final Set<String> EXPECTATION_KEYS =
      OptionChecker.keys(ExpectationOptions.REQUIRED_OPTIONS, ExpectationOptions.OPTIONAL_OPTIONS);

  private TableReader() {}

  /**
   * The table {@code name} of source {@code source} whose keys sit in {@code def} at {@code path}
   * (its own options already flattened into {@code keys}).
   */
  static TableDef read(
      String name,
      String source,
      String path,
      Section def,
      Location at,
      Map<String, Raw> keys,
      SourceType factory) {
    DefOptions options =
        OptionChecker.check(
            new KeyPaths(path),
            at,
            keys,
            factory.requiredTableOptions(),
            factory.optionalTableOptions());
    return new TableDef(
        name, source, options, columns(def, path, at, factory), expectations(def, path), at);
  }

  private static List<ColumnDef> columns(
      Section def, String path, Location at, SourceType factory) {
    Entry entry = def.get(COLUMNS);
    String columnsPath = path + "." + COLUMNS;
    String fix = "Declare each column read: columns: {<column>: <TYPE>, <column>: {type: ...}}";
    if (entry == null) {
      throw new PipelineFileException(at, columnsPath, "a table declares its columns", fix);
    }
    Section columns = FileShape.section(entry, columnsPath, fix);
    if (columns.entries().isEmpty()) {
      throw new PipelineFileException(entry.at(), columnsPath, "columns: is empty", fix);
    }
    List<ColumnDef> defs = new ArrayList<>();
    for (Entry column : columns.entries()) {
      String columnPath = columnsPath + "." + column.key();
      FileShape.name(column, columnPath, "column");
      Map<String, Raw> keys =
          shorthand(
              column,
              columnPath,
              ColumnOptions.TYPE,
              "a column is a type (amount: DECIMAL(12, 2)) or a mapping of its options",
              "Write " + column.key() + ": {type: <TYPE>, required: true, ...}");
      KeyPaths paths = new KeyPaths(columnPath);
      OptionChecker.rejectUnknown(keys, paths, COLUMN_KEYS, COLUMN_KEYS);
      DefOptions options =
          OptionChecker.check(
              paths,
              column.at(),
              keys,
              ColumnOptions.REQUIRED_OPTIONS,
              ColumnOptions.OPTIONAL_OPTIONS);
      checkType(options);
      checkPattern(options);
      checkMetadata(options, factory);
      defs.add(new ColumnDef(column.key(), options, column.at()));
    }
    return defs;
  }

  private static List<ExpectationDef> expectations(Section def, String path) {
    Entry entry = def.get(EXPECTATIONS);
    if (entry == null) {
      return List.of();
    }
    String expectationsPath = path + "." + EXPECTATIONS;
    Section expectations =
        FileShape.section(
            entry,
            expectationsPath,
            "Write expectations: {<name>: <SQL>, <name>: {sql: <SQL>, on-violation: warn}}");
    List<ExpectationDef> defs = new ArrayList<>();
    for (Entry expectation : expectations.entries()) {
      String expectationPath = expectationsPath + "." + expectation.key();
      FileShape.name(expectation, expectationPath, "expectation");
      Map<String, Raw> keys =
          shorthand(
              expectation,
              expectationPath,
              ExpectationOptions.SQL,
              "an expectation is a SQL condition or a mapping of sql: and on-violation:",
              "Write " + expectation.key() + ": {sql: <SQL>, on-violation: dead-letter}");
      KeyPaths paths = new KeyPaths(expectationPath);
      OptionChecker.rejectUnknown(keys, paths, EXPECTATION_KEYS, EXPECTATION_KEYS);
      DefOptions options =
          OptionChecker.check(
              paths,
              expectation.at(),
              keys,
              ExpectationOptions.REQUIRED_OPTIONS,
              ExpectationOptions.OPTIONAL_OPTIONS);
      String sql = options.get(ExpectationOptions.SQL);
      if (sql.isBlank()) {
        throw options.error(
            ExpectationOptions.SQL,
            "the condition is empty",
            "Write a boolean SQL expression over the table's columns, e.g. amount >= 0");
      }
      defs.add(
          new ExpectationDef(
              expectation.key(),
              expectationPath,
              sql,
              options.get(ExpectationOptions.ON_VIOLATION),
              expectation.at()));
    }
    return defs;
  }

  /**
   * The keys of an entry that is a mapping of options, or a plain value that sets only {@code
   * shorthand}; a null value sets nothing.
   */
  static Map<String, Raw> shorthand(
      Entry entry, String path, ConfigOption<String> shorthand, String problem, String fix) {
    if (entry.value() instanceof Section section) {
      return OptionChecker.flatten(section, path, "", Set.of());
    }
    if (!(entry.value() instanceof Scalar scalar)) {
      throw new PipelineFileException(entry.at(), path, problem + ", not a list", fix);
    }
    Map<String, Raw> keys = new LinkedHashMap<>();
    if (scalar.text() != null) {
      keys.put(shorthand.key(), new Raw(scalar.text(), entry.at()));
    }
    return keys;
  }

  private static void checkType(DefOptions column) {
    String type = column.get(ColumnOptions.TYPE);
    String fix =
        "Write a Flink SQL type such as STRING, BIGINT, DECIMAL(12, 2), DATE, TIMESTAMP(3)";
    LogicalType parsed;
    try {
      parsed = LogicalTypeParser.parse(type, TableReader.class.getClassLoader());
    } catch (ValidationException e) {
      throw column.error(
          ColumnOptions.TYPE,
          "'" + type + "' is not a Flink SQL type (" + e.getMessage() + ")",
          fix);
    }
    if (parsed instanceof UnresolvedUserDefinedType) {
      throw column.error(ColumnOptions.TYPE, "'" + type + "' is not a Flink SQL type", fix);
    }
  }

  private static void checkPattern(DefOptions column) {
    column
        .getOptional(ColumnOptions.PATTERN)
        .ifPresent(
            pattern -> {
              try {
                Pattern.compile(pattern);
              } catch (PatternSyntaxException e) {
                throw column.error(
                    ColumnOptions.PATTERN,
                    "'"
                        + pattern
                        + "' is not a Java regular expression ("
                        + e.getDescription()
                        + ")",
                    "Fix the expression; in YAML, quote it in single quotes to keep its backslashes");
              }
            });
  }

  private static void checkMetadata(DefOptions column, SourceType factory) {
    column
        .getOptional(ColumnOptions.METADATA)
        .filter(key -> !factory.metadataKeys().containsKey(key))
        .ifPresent(
            key -> {
              throw PipelineFileException.unknown(
                  column.location(ColumnOptions.METADATA),
                  column.path(ColumnOptions.METADATA),
                  "a " + factory.type() + " source has no metadata '" + key + "'",
                  key,
                  "metadata keys of " + factory.type(),
                  factory.metadataKeys().keySet());
            });
  }
}
