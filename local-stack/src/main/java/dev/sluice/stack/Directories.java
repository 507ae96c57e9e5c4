package dev.sluice.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes a directory tree: a server's data before a fresh start, a demo's old files. */
public final class Directories {

  private Directories() {}

  /** Deletes {@code dir} and everything under it. */
  public static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException("Cannot delete " + p, e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
