package dev.sluice.job.config;

import java.util.Locale;

/** What a source does with records whose columns or fields differ from the staged contract. */
public enum SchemaDriftPolicy {
  EVOLVE,
  IGNORE,
  DEAD_LETTER,
  FAIL;

  /** The value as written in the pipeline file: {@code evolve}, {@code dead-letter}, ... */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
