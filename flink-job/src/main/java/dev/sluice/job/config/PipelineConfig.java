package dev.sluice.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * Reads a pipeline YAML file into a Flink {@link Configuration}: nested keys become dotted keys,
 * lists become Flink lists; an unknown key, a bad value or a missing required one fails at start.
 */
public final class PipelineConfig {

  private PipelineConfig() {}

  /** Parses {@code yaml} (named {@code origin} in errors), then applies {@code overrides}. */
  public static Configuration load(InputStream yaml, String origin, Map<String, String> overrides) {
    Map<String, String> flat = new TreeMap<>();
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      if (root != null && !root.isMissingNode() && !root.isNull()) {
        if (!root.isObject()) {
          throw new IllegalArgumentException(origin + ": the pipeline file must be a YAML mapping");
        }
        flatten("", root, flat);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
    }
    flat.putAll(overrides);
    return validate(flat, origin);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key, value, out);
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        out.put(key, String.join(";", items));
      } else if (!value.isNull()) {
        out.put(key, value.asText());
      }
    }
  }

  private static Configuration validate(Map<String, String> flat, String origin) {
    Map<String, ConfigOption<?>> known = knownOptions();
    for (String key : flat.keySet()) {
      if (!known.containsKey(key)) {
        throw new IllegalArgumentException(
            origin
                + ": unknown key '"
                + key
                + "'; known keys: "
                + String.join(", ", known.keySet()));
      }
    }
    Configuration config = Configuration.fromMap(flat);
    for (ConfigOption<?> option : known.values()) {
      try {
        Object value = config.get(option);
        if (value == null && ShopOptions.REQUIRED.contains(option.key())) {
          throw new IllegalArgumentException(
              origin
                  + ": required key '"
                  + option.key()
                  + "' is missing: "
                  + new HtmlFormatter().format(option.description()));
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(origin)) {
          throw e;
        }
        throw new IllegalArgumentException(
            origin
                + ": key '"
                + option.key()
                + "' has a bad value '"
                + flat.get(option.key())
                + "': "
                + e.getMessage(),
            e);
      }
    }
    return config;
  }

  /** All options declared in {@link ShopOptions}, by key. */
  static Map<String, ConfigOption<?>> knownOptions() {
    Map<String, ConfigOption<?>> options = new LinkedHashMap<>();
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
    return options.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
