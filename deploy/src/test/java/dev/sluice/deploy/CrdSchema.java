package dev.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates a manifest against the OpenAPI v3 schema of a CustomResourceDefinition shipped in the
 * operator's API jar: unknown fields, wrong types and values outside an enum are errors.
 */
final class CrdSchema {

  private final JsonNode schema;

  private CrdSchema(JsonNode schema) {
    this.schema = schema;
  }

  /** The schema of {@code version} in the CRD at {@code resource} on the classpath. */
  static CrdSchema load(String resource, String version) throws IOException {
    try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("CRD " + resource + " is not on the classpath");
      }
      JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
      for (JsonNode v : crd.at("/spec/versions")) {
        if (v.path("name").asText().equals(version)) {
          return new CrdSchema(v.at("/schema/openAPIV3Schema"));
        }
      }
      throw new IOException("CRD " + resource + " has no version " + version);
    }
  }

  /** Every violation, as "path: problem"; empty when the manifest fits. */
  List<String> validate(JsonNode manifest) {
    List<String> errors = new ArrayList<>();
    ObjectNode body = manifest.deepCopy();
    // Every Kubernetes object has these; the CRD schema describes only spec and status.
    body.remove(List.of("apiVersion", "kind", "metadata"));
    check("", body, schema, errors);
    return errors;
  }

  private static void check(String path, JsonNode value, JsonNode schema, List<String> errors) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        && !schema.has("properties")) {
      return;
    }
    String type = schema.path("type").asText("");
    if (schema.has("enum") && value.isValueNode()) {
      boolean allowed = false;
      for (JsonNode option : schema.get("enum")) {
        allowed |= option.asText().equals(value.asText());
      }
      if (!allowed) {
        errors.add(path + ": '" + value.asText() + "' is not one of " + schema.get("enum"));
      }
    }
    switch (type) {
      case "object":
        if (!value.isObject()) {
          errors.add(path + ": expected an object");
          return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
          JsonNode properties = schema.path("properties");
          if (properties.has(field.getKey())) {
            check(child, field.getValue(), properties.get(field.getKey()), errors);
          } else if (schema.has("additionalProperties")) {
            check(child, field.getValue(), schema.get("additionalProperties"), errors);
          } else if (!schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
              && schema.has("properties")) {
            errors.add(child + ": unknown field");
          }
        }
        return;
      case "array":
        if (!value.isArray()) {
          errors.add(path + ": expected a list");
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(path + "[" + i + "]", value.get(i), schema.path("items"), errors);
        }
        return;
      case "string":
        if (!value.isTextual()) {
          errors.add(path + ": expected a string, got " + value);
        }
        return;
      case "integer":
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
          errors.add(path + ": expected an integer, got " + value);
        }
        return;
      case "boolean":
        if (!value.isBoolean()) {
          errors.add(path + ": expected true or false, got " + value);
        }
        return;
      default:
        // number, int-or-string and untyped nodes: accepted as they are
    }
  }
}
