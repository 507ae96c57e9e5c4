package dev.sluice.connectors.file;

/** Why a delivery was not loaded. */
public enum BatchProblem {
  /** The manifest is not JSON, or a field is missing or malformed. */
  MANIFEST_INVALID,
  /** The data file the manifest names is not there. */
  DATA_FILE_MISSING,
  /** The data file's SHA-256 is not the manifest's. */
  CHECKSUM_MISMATCH,
  /** The data file's row count is not the manifest's. */
  ROW_COUNT_MISMATCH,
  /** The data file is larger than the format accepts for one batch. */
  OVERSIZED,
  /** A data file that no manifest has committed within the orphan grace period. */
  MANIFEST_MISSING
}
