package dev.sluice.job.staging;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The state TTL behind staging's retention options: an entry expires {@code retention} after it was
 * last written, is never read once expired, and is cleaned up as state is accessed and when RocksDB
 * compacts.
 */
public final class StateRetention {

  private StateRetention() {}

  public static StateTtlConfig of(Duration retention) {
    return StateTtlConfig.newBuilder(retention)
        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
        .cleanupIncrementally(10, true)
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }
}
