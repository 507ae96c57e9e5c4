package dev.sluice.job.factory;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

/**
 * The rows of a batch ledger, which files sources emit and sinks keep (see {@code BatchLedger}).
 */
public final class LedgerRows {

  private LedgerRows() {}

  /** Rows of {@code ops.batch_ledger}, one per (batch_id, sha256): each version of a batch. */
  public static final RowTypeInfo TYPE =
      new RowTypeInfo(
          new TypeInformation<?>[] {
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.STRING,
            Types.STRING,
            Types.LONG,
            Types.LOCAL_DATE_TIME,
            Types.LOCAL_DATE_TIME
          },
          new String[] {
            "batch_id",
            "sha256",
            "row_count",
            "status",
            "manifest",
            "deliveries",
            "loaded_at",
            "last_delivered_at"
          });
}
