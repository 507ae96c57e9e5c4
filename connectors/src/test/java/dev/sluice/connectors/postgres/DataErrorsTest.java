package dev.sluice.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Only SQLSTATE classes 22, 23 and 54 are the row's fault, wherever the chain holds the SQLSTATE;
 * and a rejected row's CSV line reads back into its values.
 */
class DataErrorsTest {

  @Test
  void onlyClasses22And23And54AreDataErrors() {
    for (String state : new String[] {"22021", "22001", "22003", "23502", "23505", "54000"}) {
      assertThat(DataErrors.isDataError(new SQLException("x", state))).as(state).isTrue();
    }
    for (String state : new String[] {"08006", "40001", "40P01", "42501", "53200", "57014"}) {
      assertThat(DataErrors.isDataError(new SQLException("x", state))).as(state).isFalse();
    }
    assertThat(DataErrors.isDataError(new SQLException("no state"))).isFalse();
    assertThat(DataErrors.isDataError(new IOException("not SQL"))).isFalse();
  }

  @Test
  void theSqlStateIsFoundInNextExceptionsAndCauses() {
    SQLException batch = new SQLException("batch failed");
    batch.setNextException(new SQLException("row 3", "23505"));
    assertThat(DataErrors.isDataError(batch)).isTrue();
    assertThat(DataErrors.isDataError(new IOException("staging", batch))).isTrue();
    SQLException lost = new SQLException("connection lost", "08006");
    lost.setNextException(new SQLException("row 3", "23505"));
    assertThat(DataErrors.isDataError(lost)).as("the first SQLSTATE decides").isFalse();
  }

  @Test
  void csvFieldsAreReadBackAsTheyWereWritten() {
    StringBuilder line = new StringBuilder();
    for (Object value : new Object[] {"a,b", 42L, null, "say \"hi\"", "", "x\ny"}) {
      if (line.length() > 0) {
        line.append(',');
      }
      PgCsv.append(line, value);
    }
    assertThat(PgCsv.fields(line.toString()))
        .isEqualTo(Arrays.asList("a,b", "42", null, "say \"hi\"", "", "x\ny"));
    assertThat(PgCsv.fields("1,")).isEqualTo(Arrays.asList("1", null));
  }
}
