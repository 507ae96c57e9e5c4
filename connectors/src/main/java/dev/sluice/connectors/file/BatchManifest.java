package dev.sluice.connectors.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.connectors.json.StrictJson;

/**
 * A delivery's manifest, {@code <name>.manifest.json}, written after its data file: {@code
 * {"batch_id": "...", "file": "<name>.csv", "rows": 25, "sha256": "<64 hex>"}}. Other fields are
 * allowed and ignored; a key given twice is not. A UTF-8 byte order mark before it is skipped, as
 * at the start of a data file. The batch id is at most {@link #MAX_BATCH_ID_CHARS} characters, none
 * of them control characters: it is the ledger's key.
 */
final class BatchManifest {

  /** Longest batch id accepted: it keys the ledger's state and its table's primary key index. */
  static final int MAX_BATCH_ID_CHARS = 200;

  private static final ObjectMapper MAPPER = StrictJson.mapper();

  final String batchId;
  final String file;
  final long rows;
  final String sha256;

  private BatchManifest(String batchId, String file, long rows, String sha256) {
    this.batchId = batchId;
    this.file = file;
    this.rows = rows;
    this.sha256 = sha256;
  }

  /** Parses {@code text}; a problem names {@code origin} and the field. */
  static BatchManifest parse(String origin, String text) throws InvalidManifest {
    JsonNode root;
    try {
      root = MAPPER.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (JsonProcessingException e) {
      throw new InvalidManifest(origin + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidManifest(origin + ": the manifest must be a JSON object");
    }
    String batchId = text(origin, root, "batch_id");
    if (batchId.length() > MAX_BATCH_ID_CHARS) {
      throw new InvalidManifest(
          origin
              + ": field batch_id is "
              + batchId.length()
              + " characters long; at most "
              + MAX_BATCH_ID_CHARS
              + " are accepted");
    }
    if (batchId.chars().anyMatch(c -> c < 0x20 || Character.isSurrogate((char) c))) {
      throw new InvalidManifest(
          origin + ": field batch_id holds a control character or an unpaired surrogate");
    }
    String file = text(origin, root, "file");
    if (file.contains("/") || file.contains("\\") || file.equals("..") || file.startsWith(".")) {
      throw new InvalidManifest(
          origin + ": field file='" + file + "' must name a file next to the manifest");
    }
    JsonNode rows = root.get("rows");
    if (rows == null || !rows.canConvertToLong() || !rows.isIntegralNumber() || rows.asLong() < 0) {
      throw new InvalidManifest(
          origin
              + ": field rows must be a whole number >= 0, got "
              + (rows == null ? "none" : rows));
    }
    String sha256 = text(origin, root, "sha256");
    if (!sha256.matches("[0-9a-fA-F]{64}")) {
      throw new InvalidManifest(
          origin + ": field sha256 must be 64 hex digits, got '" + sha256 + "'");
    }
    return new BatchManifest(batchId, file, rows.asLong(), sha256.toLowerCase());
  }

  private static String text(String origin, JsonNode root, String field) throws InvalidManifest {
    JsonNode value = root.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new InvalidManifest(origin + ": field " + field + " must be a non-empty string");
    }
    return value.asText().strip();
  }

  /** A manifest that cannot be used. */
  static final class InvalidManifest extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidManifest(String message) {
      super(message);
    }
  }
}
