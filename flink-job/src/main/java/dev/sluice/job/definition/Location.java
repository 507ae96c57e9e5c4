package dev.sluice.job.definition;

import java.io.Serializable;

/**
 * Where a definition or key comes from: a line of the pipeline file, 0 for an override given on the
 * command line, -1 for the file as a whole.
 */
public record Location(String file, int line) implements Serializable {

  /** The file as a whole (it is missing, empty or not a mapping). */
  public static Location ofFile(String file) {
    return new Location(file, -1);
  }

  /** A key set by an override rather than in the file. */
  public static Location override(String file) {
    return new Location(file, 0);
  }

  /** Whether an override set this key. */
  public boolean isOverride() {
    return line == 0;
  }

  @Override
  public String toString() {
    if (line > 0) {
      return file + " line " + line;
    }
    return line == 0 ? file + " (override)" : file;
  }
}
