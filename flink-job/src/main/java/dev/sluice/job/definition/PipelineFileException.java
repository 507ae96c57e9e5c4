package dev.sluice.job.definition;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A mistake in a pipeline file, in one line: {@code <file> line <n>: <key>: <problem>. <fix>}. */
public final class PipelineFileException extends IllegalArgumentException {

  private static final int MAX_SUGGESTION_DISTANCE = 2;

  private final Location location;
  private final String key;

  /**
   * {@code key} is the full dotted path ({@code sources.my-db.tables.items.columns.amount.min}),
   * empty for the file as a whole; {@code fix} may be null.
   */
  public PipelineFileException(Location at, String key, String problem, String fix) {
    this(at, key, problem, fix, null);
  }

  public PipelineFileException(
      Location at, String key, String problem, String fix, Throwable cause) {
    super(message(at, key, problem, fix), cause);
    this.location = at;
    this.key = key;
  }

  /**
   * {@code given} is not one of {@code known} (of the kind {@code kind}, e.g. "keys"): the fix
   * suggests the closest one within two edits and lists them all.
   */
  public static PipelineFileException unknown(
      Location at,
      String key,
      String problem,
      String given,
      String kind,
      Collection<String> known) {
    List<String> sorted = known.stream().sorted().toList();
    String suggestion =
        sorted.stream()
            .filter(name -> distance(name, given) <= MAX_SUGGESTION_DISTANCE)
            .min(Comparator.comparingInt((String name) -> distance(name, given)))
            .map(name -> "Did you mean '" + name + "'? ")
            .orElse("");
    String list =
        sorted.isEmpty()
            ? "There are no " + kind
            : "Known " + kind + ": " + String.join(", ", sorted);
    return new PipelineFileException(at, key, problem, suggestion + list);
  }

  public Location location() {
    return location;
  }

  public String key() {
    return key;
  }

  private static String message(Location at, String key, String problem, String fix) {
    StringBuilder message = new StringBuilder(at.toString()).append(": ");
    if (!key.isEmpty()) {
      message.append(key).append(": ");
    }
    message.append(sentence(problem));
    if (fix != null && !fix.isBlank()) {
      message.append(' ').append(sentence(fix));
    }
    return message.toString();
  }

  /** One line ending with one full stop (or a question mark). */
  private static String sentence(String text) {
    String line = text.replaceAll("\\s*\\R\\s*", " ").strip();
    return line.endsWith(".") || line.endsWith("?") ? line : line + ".";
  }

  /** Levenshtein distance, ignoring case. */
  private static int distance(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
