package dev.sluice.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists a tree recursively and makes a split of each manifest; hidden entries ({@code .x}, {@code
 * _x}) and paths {@code accept} refuses are not descended into.
 *
 * <p>A data file that no manifest next to it names, last modified longer than {@code orphanGrace}
 * ago, becomes a split too: an orphan, read as {@link BatchProblem#MANIFEST_MISSING}. The file
 * source remembers every path it made a split of in its checkpointed state, so an orphan is
 * reported once; a manifest that arrives later is a new path and loads the file normally.
 */
final class ManifestEnumerator extends NonSplittingRecursiveEnumerator {

  private final long orphanGraceMillis;

  ManifestEnumerator(Predicate<Path> accept, Duration orphanGrace) {
    super(
        path -> {
          String name = path.getName();
          return !name.startsWith(".") && !name.startsWith("_") && accept.test(path);
        });
    this.orphanGraceMillis = orphanGrace.toMillis();
  }

  @Override
  protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target)
      throws IOException {
    if (file.getPath().getName().endsWith(FileBatchSources.MANIFEST_SUFFIX) || isOrphan(file, fs)) {
      super.convertToSourceSplits(file, fs, target);
    }
  }

  private boolean isOrphan(FileStatus file, FileSystem fs) throws IOException {
    if (System.currentTimeMillis() - file.getModificationTime() < orphanGraceMillis) {
      return false;
    }
    String name = file.getPath().getName();
    int dot = name.lastIndexOf('.');
    Path sibling =
        new Path(
            file.getPath().getParent(),
            (dot > 0 ? name.substring(0, dot) : name) + FileBatchSources.MANIFEST_SUFFIX);
    if (fs.exists(sibling)) {
      return false;
    }
    for (FileStatus other : fs.listStatus(file.getPath().getParent())) {
      if (other.getPath().getName().endsWith(FileBatchSources.MANIFEST_SUFFIX)
          && names(fs, other.getPath(), name)) {
        return false;
      }
    }
    return true;
  }

  /** True when the manifest at {@code manifest} is valid and names {@code dataFile}. */
  private static boolean names(FileSystem fs, Path manifest, String dataFile) {
    try (InputStream in = fs.open(manifest)) {
      String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      return BatchManifest.parse(manifest.toString(), text).file.equals(dataFile);
    } catch (IOException | BatchManifest.InvalidManifest unreadable) {
      return false;
    }
  }
}
