package dev.sluice.job.config;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a pipeline YAML file into a Flink {@link Configuration}: nested keys become dotted keys,
 * lists become Flink lists, enum values may be spelled with {@code -} for {@code _} ({@code
 * dead-letter}); an unknown or duplicate key, a bad value or a missing required one fails at start,
 * naming the file, the line and the key.
 */
public final class PipelineConfig {

  private PipelineConfig() {}

  /** Parses {@code yaml} (named {@code origin} in errors), then applies {@code overrides}. */
  public static Configuration load(InputStream yaml, String origin, Map<String, String> overrides) {
    Map<String, String> flat = new TreeMap<>();
    Map<String, Integer> lines = new HashMap<>();
    try {
      Node root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new InputStreamReader(yaml, StandardCharsets.UTF_8));
      if (root != null) {
        if (!(root instanceof MappingNode)) {
          throw new IllegalArgumentException(origin + ": the pipeline file must be a YAML mapping");
        }
        flatten(origin, "", (MappingNode) root, flat, lines);
      }
    } catch (YAMLException e) {
      throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
    }
    flat.putAll(overrides);
    for (Map.Entry<String, Class<?>> option : enumOptions().entrySet()) {
      flat.computeIfPresent(option.getKey(), (key, value) -> spelling(option.getValue(), value));
    }
    return validate(flat, lines, origin);
  }

  private static void flatten(
      String origin,
      String prefix,
      MappingNode mapping,
      Map<String, String> out,
      Map<String, Integer> lines) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode)) {
        throw new IllegalArgumentException(
            where(origin, tuple.getKeyNode()) + ": keys must be plain names");
      }
      String name = ((ScalarNode) tuple.getKeyNode()).getValue();
      String key = prefix.isEmpty() ? name : prefix + "." + name;
      Node value = tuple.getValueNode();
      Integer first = lines.put(key, tuple.getKeyNode().getStartMark().getLine() + 1);
      if (first != null) {
        throw new IllegalArgumentException(
            where(origin, tuple.getKeyNode())
                + ": duplicate key '"
                + key
                + "' (first at line "
                + first
                + ")");
      }
      if (value instanceof MappingNode) {
        flatten(origin, key, (MappingNode) value, out, lines);
      } else if (value instanceof SequenceNode) {
        List<String> items = new ArrayList<>();
        for (Node item : ((SequenceNode) value).getValue()) {
          if (!(item instanceof ScalarNode)) {
            throw new IllegalArgumentException(
                where(origin, item) + ": key '" + key + "' must be a list of plain values");
          }
          items.add(((ScalarNode) item).getValue());
        }
        out.put(key, String.join(";", items));
      } else if (!Tag.NULL.equals(value.getTag())) {
        out.put(key, ((ScalarNode) value).getValue());
      }
    }
  }

  private static String where(String origin, Node node) {
    return origin + " line " + (node.getStartMark().getLine() + 1);
  }

  private static Configuration validate(
      Map<String, String> flat, Map<String, Integer> lines, String origin) {
    Map<String, ConfigOption<?>> known = knownOptions();
    for (String key : flat.keySet()) {
      if (!known.containsKey(key)) {
        throw new IllegalArgumentException(
            at(origin, lines, key)
                + ": unknown key '"
                + key
                + "'; known keys: "
                + String.join(", ", known.keySet()));
      }
    }
    Configuration config = Configuration.fromMap(flat);
    for (ConfigOption<?> option : known.values()) {
      Object value;
      try {
        value = config.get(option);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            at(origin, lines, option.key())
                + ": key '"
                + option.key()
                + "' has a bad value '"
                + flat.get(option.key())
                + "': "
                + e.getMessage(),
            e);
      }
      if (value == null && ShopOptions.REQUIRED.contains(option.key())) {
        throw new IllegalArgumentException(
            origin
                + ": required key '"
                + option.key()
                + "' is missing: "
                + new HtmlFormatter().format(option.description()));
      }
    }
    return config;
  }

  /** "file line N", or just "file" for a key that came from an override. */
  private static String at(String origin, Map<String, Integer> lines, String key) {
    Integer line = lines.get(key);
    return line == null ? origin + " (override)" : origin + " line " + line;
  }

  /** The options in {@link ShopOptions} whose values are enum constants: key to enum type. */
  private static Map<String, Class<?>> enumOptions() {
    Map<String, Class<?>> options = new HashMap<>();
    for (Field field : ShopOptions.class.getFields()) {
      Type type = field.getGenericType();
      if (type instanceof ParameterizedType
          && ((ParameterizedType) type).getActualTypeArguments()[0] instanceof Class
          && ((Class<?>) ((ParameterizedType) type).getActualTypeArguments()[0]).isEnum()) {
        try {
          options.put(
              ((ConfigOption<?>) field.get(null)).key(),
              (Class<?>) ((ParameterizedType) type).getActualTypeArguments()[0]);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return options;
  }

  /**
   * The spelling Flink parses ({@code toString()}) of the constant of {@code type} that {@code
   * value} names, case and {@code -}/{@code _} aside; {@code value} itself when none does.
   */
  private static String spelling(Class<?> type, String value) {
    String wanted = value.strip().replace('-', '_');
    for (Object constant : type.getEnumConstants()) {
      if (((Enum<?>) constant).name().equalsIgnoreCase(wanted)) {
        return constant.toString();
      }
    }
    return value;
  }

  /** All options declared in {@link ShopOptions}, by key. */
  static Map<String, ConfigOption<?>> knownOptions() {
    Map<String, ConfigOption<?>> options = new TreeMap<>();
    for (Field field : ShopOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        try {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          options.put(option.key(), option);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return options;
  }
}
