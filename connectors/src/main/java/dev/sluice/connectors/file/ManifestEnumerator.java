package dev.sluice.connectors.file;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.enumerate.NonSplittingRecursiveEnumerator;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Lists a tree recursively and makes a split of each manifest only; hidden entries ({@code .x},
 * {@code _x}) and paths {@code accept} refuses are not descended into.
 */
final class ManifestEnumerator extends NonSplittingRecursiveEnumerator {

  ManifestEnumerator(Predicate<Path> accept) {
    super(
        path -> {
          String name = path.getName();
          return !name.startsWith(".") && !name.startsWith("_") && accept.test(path);
        });
  }

  @Override
  protected void convertToSourceSplits(FileStatus file, FileSystem fs, List<FileSourceSplit> target)
      throws IOException {
    if (file.getPath().getName().endsWith(FileBatchSources.MANIFEST_SUFFIX)) {
      super.convertToSourceSplits(file, fs, target);
    }
  }
}
