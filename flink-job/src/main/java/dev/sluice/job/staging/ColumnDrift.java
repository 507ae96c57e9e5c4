package dev.sluice.job.staging;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.job.config.SchemaDriftPolicy;
import dev.sluice.job.config.ShopOptions;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compares a change event's after-image with the captured table's columns under a drift policy. */
final class ColumnDrift implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ColumnDrift.class);

  private final String table;
  private final SchemaDriftPolicy policy;
  private final Set<String> columns;
  private final Set<String> required;
  private transient Set<Set<String>> logged;

  /**
   * @param columns every column the captured table is expected to have
   * @param required the columns the staging reads; a subset of {@code columns}
   */
  ColumnDrift(String table, SchemaDriftPolicy policy, List<String> columns, List<String> required) {
    this.table = table;
    this.policy = policy;
    this.columns = new TreeSet<>(columns);
    this.required = new TreeSet<>(required);
  }

  /** Passes an image that may be staged, or rejects it, or stops the job (policy {@code fail}). */
  void check(JsonNode after, String lsn) throws Rejected {
    Set<String> added = new TreeSet<>();
    after.fieldNames().forEachRemaining(added::add);
    Set<String> missing = new TreeSet<>(columns);
    missing.removeAll(added);
    added.removeAll(columns);
    if (added.isEmpty() && missing.isEmpty()) {
      return;
    }
    String drift =
        "columns of "
            + table
            + " at lsn="
            + lsn
            + " differ: added "
            + added
            + ", missing "
            + missing;
    switch (policy) {
      case FAIL:
        throw new SuppressRestartsException(
            new IllegalStateException(
                "schema drift: "
                    + drift
                    + "; the job stops because "
                    + ShopOptions.CDC_SCHEMA_DRIFT.key()
                    + "=fail (adapt the pipeline or choose another policy, then restart)"));
      case DEAD_LETTER:
        throw new Rejected(SCHEMA_DRIFT, drift);
      default:
        missing.retainAll(required);
        if (!missing.isEmpty()) {
          throw new Rejected(
              MISSING_FIELD,
              "column(s) "
                  + missing
                  + " of "
                  + table
                  + " missing from the change event at lsn="
                  + lsn
                  + " (dropped or renamed at the source?)");
        }
        if (policy == SchemaDriftPolicy.EVOLVE && !added.isEmpty() && firstTime(added)) {
          LOG.warn("Schema drift: new column(s) {} of {} are not staged ({})", added, table, drift);
        }
    }
  }

  private boolean firstTime(Set<String> added) {
    if (logged == null) {
      logged = new HashSet<>();
    }
    return logged.add(added);
  }
}
