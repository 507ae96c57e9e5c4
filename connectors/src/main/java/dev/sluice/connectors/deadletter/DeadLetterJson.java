package dev.sluice.connectors.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The JSON form of a dead letter, as written to the dead-letter Kafka topic. */
public final class DeadLetterJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DeadLetterJson() {}

  /** Serializes one dead letter to UTF-8 JSON. */
  public static byte[] toJson(DeadLetter d) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("pipeline", d.pipeline);
    node.put("stage", d.stage);
    node.put("source", d.source);
    node.put("reason", d.reason.name());
    node.put("detail", d.detail);
    node.put("position", d.position);
    node.put("payload", d.payload);
    node.put("payload_bytes", d.payloadBytes);
    node.put("seen_at", Instant.ofEpochMilli(d.seenAtMillis).toString());
    node.put("job_id", d.jobId);
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize dead letter " + d, e);
    }
  }

  /** The Kafka key: source and position, so replays of one bad record land on one partition. */
  public static byte[] key(DeadLetter d) {
    return (d.source + "@" + d.position).getBytes(StandardCharsets.UTF_8);
  }
}
