package dev.sluice.job.definition;

import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Items;
import dev.sluice.job.definition.YamlTree.Scalar;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/** Turns a definition's keys into its {@link DefOptions}: known keys, parsable values, required. */
final class OptionChecker {

  private OptionChecker() {}

  /** A key's value as written (a list joined as Flink reads lists) and where it is set. */
  record Raw(String text, Location at) {}

  /**
   * The keys of {@code section} (at key path {@code path}) but {@code structural} ones, nested
   * sections flattened with dots, each prefixed with {@code prefix}; a null value sets nothing.
   */
  static Map<String, Raw> flatten(
      Section section, String path, String prefix, Set<String> structural) {
    Map<String, Raw> keys = new LinkedHashMap<>();
    flatten(section, path, prefix, structural, keys);
    return keys;
  }

  private static void flatten(
      Section section, String path, String prefix, Set<String> structural, Map<String, Raw> out) {
    for (Entry entry : section.entries()) {
      if (structural.contains(entry.key())) {
        continue;
      }
      String key = prefix + entry.key();
      String keyPath = path + "." + entry.key();
      if (entry.key().equals("password") || entry.key().endsWith(".password")) {
        throw new PipelineFileException(
            entry.at(),
            keyPath,
            "a password is never written in a pipeline file",
            "Use password-env: <VAR> or password-file: <path> instead, naming an environment"
                + " variable or a file that holds it");
      }
      if (entry.value() instanceof Section inner) {
        flatten(inner, keyPath, key + ".", Set.of(), out);
      } else if (entry.value() instanceof Items items) {
        String joined =
            items.texts().stream().map(OptionChecker::listItem).collect(Collectors.joining(";"));
        put(out, key, keyPath, new Raw(joined, entry.at()));
      } else if (((Scalar) entry.value()).text() != null) {
        put(out, key, keyPath, new Raw(((Scalar) entry.value()).text(), entry.at()));
      }
    }
  }

  /** Adds a key, which a dotted and a nested spelling ({@code a.b:}, {@code a: {b:}}) may share. */
  private static void put(Map<String, Raw> out, String key, String keyPath, Raw raw) {
    Raw first = out.putIfAbsent(key, raw);
    if (first != null) {
      throw new PipelineFileException(
          raw.at(),
          keyPath,
          "duplicate key (first at line " + first.at().line() + ")",
          "Remove one of the two, or rename it");
    }
  }

  /** A list item as Flink's list syntax reads it back: quoted when it holds ; or a quote. */
  private static String listItem(String item) {
    boolean plain =
        item.equals(item.strip())
            && !item.isEmpty()
            && item.chars().noneMatch(c -> c == ';' || c == '\'' || c == '"');
    return plain ? item : "'" + item.replace("'", "''") + "'";
  }

  /** The keys of {@code required} and {@code optional}. */
  static Set<String> keys(Set<ConfigOption<?>> required, Set<ConfigOption<?>> optional) {
    return Stream.concat(required.stream(), optional.stream())
        .map(ConfigOption::key)
        .collect(Collectors.toUnmodifiableSet());
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> union = new TreeSet<>(a);
    union.addAll(b);
    return union;
  }

  /** Fails on the first key (in file order) that is not in {@code known}. */
  static void rejectUnknown(
      Map<String, Raw> keys, KeyPaths paths, Collection<String> known, Collection<String> listed) {
    for (Map.Entry<String, Raw> key : keys.entrySet()) {
      if (!known.contains(key.getKey())) {
        throw PipelineFileException.unknown(
            key.getValue().at(),
            paths.of(key.getKey()),
            "unknown key",
            key.getKey(),
            "keys",
            listed);
      }
    }
  }

  /**
   * The options of a definition at {@code at}: every key of {@code keys} must be one of {@code
   * required} or {@code optional} (see {@link #rejectUnknown}), parse as its type, and every
   * required one must be set.
   */
  static DefOptions check(
      KeyPaths paths,
      Location at,
      Map<String, Raw> keys,
      Set<ConfigOption<?>> required,
      Set<ConfigOption<?>> optional) {
    Map<String, ConfigOption<?>> options = new HashMap<>();
    required.forEach(option -> options.put(option.key(), option));
    optional.forEach(option -> options.put(option.key(), option));
    Map<String, String> values = new HashMap<>();
    Map<String, Location> locations = new HashMap<>();
    for (Map.Entry<String, Raw> key : keys.entrySet()) {
      ConfigOption<?> option = options.get(key.getKey());
      String text = OptionTypes.normalize(option, key.getValue().text());
      parse(option, text, key.getValue(), paths);
      values.put(option.key(), text);
      locations.put(option.key(), key.getValue().at());
    }
    required.stream()
        .sorted(Comparator.comparing(ConfigOption::key))
        .filter(option -> !values.containsKey(option.key()))
        .findFirst()
        .ifPresent(
            option -> {
              throw new PipelineFileException(
                  at,
                  paths.of(option.key()),
                  "a required key is missing",
                  "Add " + option.key() + ": " + PlainText.of(option));
            });
    return new DefOptions(paths.scope(), at, values, locations, paths.topLevelSections());
  }

  private static void parse(ConfigOption<?> option, String text, Raw raw, KeyPaths paths) {
    try {
      Configuration.fromMap(Map.of(option.key(), text)).get(option);
    } catch (IllegalArgumentException e) {
      // Flink's own message names our key; its cause says what is wrong with the value.
      String detail = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      throw new PipelineFileException(
          raw.at(),
          paths.of(option.key()),
          "'" + raw.text() + "' is not a valid " + what(option) + " (" + detail + ")",
          OptionTypes.howToWrite(option),
          e);
    }
  }

  private static String what(ConfigOption<?> option) {
    return OptionTypes.enumValues(option).isEmpty() ? OptionTypes.typeName(option) : "value";
  }

  /** How the keys of one definition map to full key paths of the file. */
  record KeyPaths(String scope, Set<String> topLevelSections) {

    KeyPaths(String scope) {
      this(scope, Set.of());
    }

    /** The full path of {@code key}: {@code scope.key}, or {@code key} for a top-level one. */
    String of(String key) {
      return DefOptions.path(scope, topLevelSections, key);
    }
  }
}
