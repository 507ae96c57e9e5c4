package dev.sluice.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Port resolution: distinct free ports for 0, fixed ports kept, duplicates refused. */
class PortsTest {

  @Test
  void zerosBecomeDistinctFreePortsAndFixedOnesAreKept() {
    int fixed = Ports.resolve(new Ports.Wanted("probe", 0, "-"))[0];
    int[] ports =
        Ports.resolve(
            new Ports.Wanted("a", 0, "-"),
            new Ports.Wanted("b", fixed, "-"),
            new Ports.Wanted("c", 0, "-"));
    assertThat(ports[1]).isEqualTo(fixed);
    assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(3);
    assertThat(Arrays.stream(ports).allMatch(Ports::isFree)).isTrue();
  }

  @Test
  void theSameFixedPortTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                Ports.resolve(new Ports.Wanted("a", 45678, "-"), new Ports.Wanted("b", 45678, "-")))
        .hasMessageContaining("45678 is configured twice");
  }
}
