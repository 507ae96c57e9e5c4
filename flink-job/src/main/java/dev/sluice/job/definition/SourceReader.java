package dev.sluice.job.definition;

import dev.sluice.job.definition.OptionChecker.KeyPaths;
import dev.sluice.job.definition.OptionChecker.Raw;
import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of {@code sources:} into a {@link SourceDef}, through its type's factory. */
final class SourceReader {

  private static final String TABLES = "tables";

  /** The keys of a single-table source that are not options. */
  private static final Set<String> SINGLE_TABLE_STRUCTURE =
      OptionChecker.union(Set.of(FileShape.TYPE), TableReader.SECTIONS);

  private SourceReader() {}

  /** {@code inFile}: the names of the sources the file itself declares, for messages. */
  static SourceDef read(Entry entry, TypeRegistry registry, Collection<String> inFile) {
    String path = "sources." + entry.key();
    String name = FileShape.name(entry, path, "source");
    Section def =
        FileShape.section(entry, path, "Write " + name + ": {type: <type>, <option>: <value>}");
    String type = FileShape.type(def, path, entry.at(), "source", inFile, registry.sources());
    SourceType factory =
        registry.source(type, def.get(FileShape.TYPE).at(), path + "." + FileShape.TYPE);
    return factory.multiTable()
        ? multiTable(name, path, def, entry.at(), factory)
        : singleTable(name, path, def, entry.at(), factory);
  }

  private static SourceDef multiTable(
      String name, String path, Section def, Location at, SourceType factory) {
    for (String tableKey : TableReader.SECTIONS) {
      Entry misplaced = def.get(tableKey);
      if (misplaced != null) {
        throw new PipelineFileException(
            misplaced.at(),
            path + "." + tableKey,
            "a "
                + factory.type()
                + " source holds several tables, so "
                + tableKey
                + " belong to each table",
            "Move it under tables.<table>." + tableKey);
      }
    }
    DefOptions options = sourceOptions(path, def, at, factory, Set.of(FileShape.TYPE, TABLES));
    String tablesPath = path + "." + TABLES;
    String fix = "List the tables it reads: tables: {<table>: {<option>: ..., columns: {...}}}";
    Entry tablesEntry = def.get(TABLES);
    if (tablesEntry == null) {
      throw new PipelineFileException(
          at, tablesPath, "a " + factory.type() + " source lists its tables", fix);
    }
    Section tables = FileShape.section(tablesEntry, tablesPath, fix);
    if (tables.entries().isEmpty()) {
      throw new PipelineFileException(tablesEntry.at(), tablesPath, "tables: is empty", fix);
    }
    Set<String> tableKeys = tableKeys(factory);
    List<TableDef> defs = new ArrayList<>();
    for (Entry table : tables.entries()) {
      String tablePath = tablesPath + "." + table.key();
      FileShape.name(table, tablePath, "table");
      Section tableDef =
          FileShape.section(table, tablePath, "Write " + table.key() + ": {columns: {...}}");
      Map<String, Raw> keys = OptionChecker.flatten(tableDef, tablePath, "", TableReader.SECTIONS);
      OptionChecker.rejectUnknown(
          keys,
          new KeyPaths(tablePath),
          tableKeys,
          OptionChecker.union(tableKeys, TableReader.SECTIONS));
      defs.add(TableReader.read(table.key(), name, tablePath, tableDef, table.at(), keys, factory));
    }
    return new SourceDef(name, factory.type(), options, defs, at);
  }

  private static SourceDef singleTable(
      String name, String path, Section def, Location at, SourceType factory) {
    Entry misplaced = def.get(TABLES);
    if (misplaced != null) {
      throw new PipelineFileException(
          misplaced.at(),
          path + "." + TABLES,
          "a " + factory.type() + " source is one table, so it has no tables:",
          "Move the table's options, columns: and expectations: up into "
              + path
              + " and remove tables:");
    }
    Set<String> sourceKeys =
        OptionChecker.keys(factory.requiredOptions(), factory.optionalOptions());
    Set<String> tableKeys = tableKeys(factory);
    Map<String, Raw> keys = OptionChecker.flatten(def, path, "", SINGLE_TABLE_STRUCTURE);
    OptionChecker.rejectUnknown(
        keys,
        new KeyPaths(path),
        OptionChecker.union(sourceKeys, tableKeys),
        OptionChecker.union(OptionChecker.union(sourceKeys, tableKeys), SINGLE_TABLE_STRUCTURE));
    DefOptions options =
        OptionChecker.check(
            new KeyPaths(path),
            at,
            only(keys, sourceKeys),
            factory.requiredOptions(),
            factory.optionalOptions());
    TableDef table = TableReader.read(name, name, path, def, at, only(keys, tableKeys), factory);
    return new SourceDef(name, factory.type(), options, List.of(table), at);
  }

  private static DefOptions sourceOptions(
      String path, Section def, Location at, SourceType factory, Set<String> structural) {
    Map<String, Raw> keys = OptionChecker.flatten(def, path, "", structural);
    Set<String> known = OptionChecker.keys(factory.requiredOptions(), factory.optionalOptions());
    KeyPaths paths = new KeyPaths(path);
    OptionChecker.rejectUnknown(keys, paths, known, OptionChecker.union(known, structural));
    return OptionChecker.check(
        paths, at, keys, factory.requiredOptions(), factory.optionalOptions());
  }

  private static Set<String> tableKeys(SourceType factory) {
    return OptionChecker.keys(factory.requiredTableOptions(), factory.optionalTableOptions());
  }

  private static Map<String, Raw> only(Map<String, Raw> keys, Set<String> wanted) {
    Map<String, Raw> only = new LinkedHashMap<>(keys);
    only.keySet().retainAll(wanted);
    return only;
  }
}
