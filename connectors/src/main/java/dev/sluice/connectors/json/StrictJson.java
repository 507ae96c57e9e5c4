package dev.sluice.connectors.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The one way Sluice reads JSON records: a key given twice, or anything after the value, is an
 * error (never last-wins, so no two readers of a record can see different values), nesting is
 * bounded so a hostile record cannot overflow the stack, and a number with a fraction or exponent
 * stays the decimal that was sent (19.99, not a double; 1e3 reads back as 1E+3, not 1000.0).
 */
public final class StrictJson {

  /** Deepest nesting of arrays and objects accepted. */
  public static final int MAX_NESTING_DEPTH = 1000;

  private StrictJson() {}

  /** A new strict mapper (mappers are thread-safe; keep one per operator). */
  public static ObjectMapper mapper() {
    return new ObjectMapper(
            JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
  }
}
