package dev.sluice.connectors.postgres;

import java.sql.SQLException;
import java.util.List;

/**
 * Splits rows the target rejected together into the parts it takes and the single rows it won't.
 */
final class Bisect {

  /** Applies rows all or nothing; throws if the target rejects any of them. */
  interface Attempt<T> {
    void apply(List<T> rows) throws SQLException;
  }

  /** Receives a single row the target rejected, with its error. */
  interface Rejected<T> {
    void reject(T row, SQLException error) throws SQLException;
  }

  private Bisect() {}

  /**
   * {@code rows} failed together with the data error {@code failure}: applies each half, in order,
   * splitting again the halves that fail with a data error, until every row is applied or rejected
   * alone. k bad rows of n cost about 2 k log2(n) attempts. Any other error is thrown.
   */
  static <T> void isolate(
      List<T> rows, SQLException failure, Attempt<T> attempt, Rejected<T> rejected)
      throws SQLException {
    if (rows.isEmpty()) {
      throw failure;
    }
    if (rows.size() == 1) {
      rejected.reject(rows.get(0), failure);
      return;
    }
    int half = rows.size() / 2;
    for (List<T> part : List.of(rows.subList(0, half), rows.subList(half, rows.size()))) {
      try {
        attempt.apply(part);
      } catch (SQLException e) {
        if (!DataErrors.isDataError(e)) {
          throw e;
        }
        isolate(part, e, attempt, rejected);
      }
    }
  }
}
