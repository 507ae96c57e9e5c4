package dev.sluice.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh directories for the servers under {@code target/stack-tests} (kept for a post-mortem). */
final class TestDirs {

  private TestDirs() {}

  /** A new, empty directory whose name starts with {@code prefix}. */
  static Path fresh(String prefix) throws IOException {
    Path root = Files.createDirectories(Path.of("target", "stack-tests").toAbsolutePath());
    return Files.createTempDirectory(root, prefix + "-");
  }
}
