package dev.sluice.connectors.file;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/**
 * File sources of deliveries under a partitioned tree, e.g. {@code
 * deliveries/dt=2026-11-24/tenant=t1/x.csv + x.manifest.json}: only manifests are listed, so a data
 * file is read once its manifest commits it. Hidden files ({@code .x}, {@code _x}) are never
 * listed; a predicate can leave out whole partitions (e.g. days before a backfill start). A data
 * file without a manifest for longer than the orphan grace is read once as {@link
 * BatchProblem#MANIFEST_MISSING} (see {@link ManifestEnumerator}).
 */
public final class FileBatchSources {

  /** File name suffix of a manifest. */
  public static final String MANIFEST_SUFFIX = ".manifest.json";

  private FileBatchSources() {}

  /** Reads the deliveries present when the job starts, then ends. */
  public static FileSource<FileBatch> bounded(
      Path root, FileBatchFormat format, SerializablePathFilter accept, Duration orphanGrace) {
    return FileSource.forBulkFileFormat(format, root)
        .setFileEnumerator(() -> new ManifestEnumerator(accept, orphanGrace))
        .build();
  }

  /** Reads the deliveries present, then keeps discovering new ones every {@code interval}. */
  public static FileSource<FileBatch> continuous(
      Path root,
      FileBatchFormat format,
      Duration interval,
      SerializablePathFilter accept,
      Duration orphanGrace) {
    return FileSource.forBulkFileFormat(format, root)
        .monitorContinuously(interval)
        .setFileEnumerator(() -> new ManifestEnumerator(accept, orphanGrace))
        .build();
  }

  /** The value of the {@code name=value} segment of {@code path}, e.g. "2026-11-24" for "dt". */
  public static Optional<String> partitionValue(Path path, String name) {
    for (Path p = path; p != null && !p.getName().isEmpty(); p = p.getParent()) {
      String segment = p.getName();
      if (segment.startsWith(name + "=")) {
        return Optional.of(segment.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code name=value} directories {@code path} sits in, outermost first, joined by "/" (e.g.
   * "dt=2026-11-24/tenant=t1"); "" when there are none.
   */
  public static String partition(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path p = path.getParent(); p != null && !p.getName().isEmpty(); p = p.getParent()) {
      if (p.getName().indexOf('=') > 0) {
        out.insert(0, out.length() == 0 ? p.getName() : p.getName() + "/");
      }
    }
    return out.toString();
  }

  /** A serializable test on a listed path: directories and files alike. */
  @FunctionalInterface
  public interface SerializablePathFilter extends Predicate<Path>, java.io.Serializable {}
}
