package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpsertTableTest {

  private final UpsertTable table =
      new UpsertTable("marts.t", List.of("k1", "k2", "v"), List.of("k1", "k2"));

  @Test
  void upsertsAndDeletesByTheMergeKey() {
    assertThat(table.upsertSql())
        .isEqualTo(
            "INSERT INTO marts.t (k1, k2, v) VALUES (?, ?, ?)"
                + " ON CONFLICT (k1, k2) DO UPDATE SET v = EXCLUDED.v");
    assertThat(table.deleteSql()).isEqualTo("DELETE FROM marts.t WHERE k1 = ? AND k2 = ?");
    assertThat(table.keyPositions()).containsExactly(0, 1);
  }

  @Test
  void aMergeKeyOutsideTheColumnsIsRejected() {
    assertThatThrownBy(() -> new UpsertTable("t", List.of("a"), List.of("b")))
        .hasMessageContaining("Merge key [b]");
  }
}
