package dev.sluice.connectors.file;

import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * File sources of {@link FileLine}s over a directory tree, e.g. {@code
 * deliveries/dt=2026-11-24/tenant=t1/*.csv}, read recursively.
 *
 * <p>Files whose name starts with {@code .} or {@code _} are ignored, so writers put a file in
 * place atomically: write {@code .name.tmp}, then rename it to {@code name}.
 */
public final class FileLineSources {

  private FileLineSources() {}

  /** Reads the files present when the job starts, then ends. */
  public static FileSource<FileLine> bounded(Path root) {
    return FileSource.forBulkFileFormat(new FileLineFormat(), root).build();
  }

  /** Reads the files present, then keeps discovering new ones every {@code interval}. */
  public static FileSource<FileLine> continuous(Path root, Duration interval) {
    return FileSource.forBulkFileFormat(new FileLineFormat(), root)
        .monitorContinuously(interval)
        .build();
  }
}
