package dev.sluice.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  /** Directory listings of the current pass: one per directory, however many candidates. */
  private final Map<Path, FileStatus[]> listings = new HashMap<>();

  /** Orphans already split: the source skips them, so they are not checked again. */
  private final Set<Path> orphans = new HashSet<>();

  ManifestEnumerator(Predicate<Path> accept, Duration orphanGrace) {
    super(
        path -> {
          String name = path.getName();
          return !name.startsWith(".") && !name.startsWith("_") && accept.test(path);
        });
    this.orphanGraceMillis = orphanGrace.toMillis();
  }

  @Override
  public Collection<FileSourceSplit> enumerateSplits(Path[] paths, int minDesiredSplits)
      throws IOException {
    listings.clear();
    return super.enumerateSplits(paths, minDesiredSplits);
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
    if (orphans.contains(file.getPath())) {
      return true;
    }
    String name = file.getPath().getName();
    int dot = name.lastIndexOf('.');
    String sibling = (dot > 0 ? name.substring(0, dot) : name) + FileBatchSources.MANIFEST_SUFFIX;
    FileStatus[] directory =
        listings.computeIfAbsent(file.getPath().getParent(), dir -> list(fs, dir));
    for (FileStatus other : directory) {
      if (other.getPath().getName().equals(sibling)) {
        return false;
      }
    }
    for (FileStatus other : directory) {
      if (other.getPath().getName().endsWith(FileBatchSources.MANIFEST_SUFFIX)
          && names(fs, other.getPath(), name)) {
        return false;
      }
    }
    orphans.add(file.getPath());
    return true;
  }

  private static FileStatus[] list(FileSystem fs, Path dir) {
    try {
      return fs.listStatus(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
