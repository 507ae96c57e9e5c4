package dev.sluice.job.contract;

import com.fasterxml.jackson.databind.JsonNode;

/** The fields of a JSON object: scalars as their text, objects and arrays as JSON text. */
public final class JsonRecordFields implements RecordFields {

  private final JsonNode object;

  public JsonRecordFields(JsonNode object) {
    this.object = object;
  }

  @Override
  public String text(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return value.isContainerNode() ? value.toString() : value.asText();
  }
}
