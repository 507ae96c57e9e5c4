package dev.sluice.connectors.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

/** Duplicate keys and trailing data are errors; a plain object parses. */
class StrictJsonTest {

  @Test
  void aKeyGivenTwiceIsAnErrorNamingIt() {
    assertThatThrownBy(
            () -> StrictJson.mapper().readTree("{\"ts\": \"a\", \"x\": 1, \"ts\": \"b\"}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field 'ts'");
  }

  @Test
  void aKeyGivenTwiceInANestedObjectIsAnErrorToo() {
    assertThatThrownBy(() -> StrictJson.mapper().readTree("{\"a\": {\"b\": 1, \"b\": 2}}"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void dataAfterTheValueIsAnError() {
    assertThatThrownBy(() -> StrictJson.mapper().readTree("{\"a\": 1} {\"a\": 2}"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void aNumberStaysTheDecimalThatWasSent() throws Exception {
    var node = StrictJson.mapper().readTree("{\"a\": 1e3, \"b\": 9999999999.99, \"c\": 1.50}");
    assertThat(node.get("a").asText()).isEqualTo("1E+3");
    assertThat(node.get("b").asText()).isEqualTo("9999999999.99");
    assertThat(node.get("c").asText()).isEqualTo("1.50");
  }

  @Test
  void aPlainObjectParses() throws Exception {
    assertThat(StrictJson.mapper().readTree("{\"a\": 1, \"b\": [1, 2]}").get("b").size())
        .isEqualTo(2);
  }
}
