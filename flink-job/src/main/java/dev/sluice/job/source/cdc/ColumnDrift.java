package dev.sluice.job.source.cdc;

import static dev.sluice.connectors.deadletter.DeadLetterReason.MISSING_FIELD;
import static dev.sluice.connectors.deadletter.DeadLetterReason.SCHEMA_DRIFT;

import dev.sluice.job.contract.Rejected;
import dev.sluice.job.staging.SchemaDriftPolicy;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compares a change event's image with the captured table's columns under a drift policy. */
final class ColumnDrift implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ColumnDrift.class);

  private final String table;
  private final String policyKey;
  private final SchemaDriftPolicy policy;
  private final Set<String> columns;
  private final Set<String> required;
  private transient Set<Set<String>> logged;

  /**
   * @param policyKey the option that set the policy, named when it fails the job
   * @param columns every column the captured table is expected to have
   * @param required the columns the staging reads; a subset of {@code columns}
   */
  ColumnDrift(
      String table,
      String policyKey,
      SchemaDriftPolicy policy,
      Collection<String> columns,
      Collection<String> required) {
    this.table = table;
    this.policyKey = policyKey;
    this.policy = policy;
    this.columns = new TreeSet<>(columns);
    this.required = new TreeSet<>(required);
  }

  /** Passes an image that may be staged, or rejects it, or stops the job (policy {@code fail}). */
  void check(Collection<String> imageColumns, String lsn) throws Rejected {
    Set<String> added = new TreeSet<>(imageColumns);
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
                    + policyKey
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
