package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.ENCODING;
import static dev.sluice.connectors.deadletter.DeadLetterReason.OVERSIZED;

import dev.sluice.connectors.deadletter.Digests;
import dev.sluice.connectors.kafka.KafkaRecord;
import dev.sluice.job.contract.Rejected;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The value of a Kafka record as text, the checks every Kafka source's staging starts with. */
public final class KafkaValues {

  private KafkaValues() {}

  /**
   * The record's value decoded as UTF-8; a value cut at the source for its size is OVERSIZED, one
   * that is not UTF-8 is ENCODING. The value must not be null.
   *
   * @param source the source's name, for the option named in the OVERSIZED detail
   */
  public static String text(KafkaRecord record, String source) throws Rejected {
    if (record.isCut()) {
      throw new Rejected(
          OVERSIZED,
          "value is larger than sources."
              + source
              + ".max-record-kb: "
              + Digests.cut(record.fullValueBytes, record.fullValueSha256, record.value.length));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(record.value))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Rejected(ENCODING, "value is not valid UTF-8");
    }
  }
}
