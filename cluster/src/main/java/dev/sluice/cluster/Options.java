package dev.sluice.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A command line: the command words, one positional argument, {@code --flag value} pairs. */
public final class Options {

  private final List<String> words = new ArrayList<>();
  private final List<String[]> flags = new ArrayList<>();

  public Options(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--")) {
        boolean valued = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
        flags.add(new String[] {a, valued && !a.equals("--savepoint") ? args.get(++i) : null});
      } else {
        words.add(a);
      }
    }
  }

  /** "cluster start", "submit", ... */
  public String command() {
    if (words.isEmpty()) {
      return "";
    }
    return words.get(0).equals("cluster") && words.size() > 1
        ? "cluster " + words.get(1)
        : words.get(0);
  }

  /** The argument after the command, e.g. the pipeline file of submit. */
  public String positional() {
    return words.size() > 1 && !words.get(0).equals("cluster") ? words.get(1) : null;
  }

  public boolean flag(String name) {
    return flags.stream().anyMatch(f -> f[0].equals(name));
  }

  public String string(String name, String fallback) {
    for (String[] f : flags) {
      if (f[0].equals(name)) {
        if (f[1] == null) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        return f[1];
      }
    }
    return fallback;
  }

  public List<String> all(String name) {
    List<String> values = new ArrayList<>();
    flags.stream().filter(f -> f[0].equals(name) && f[1] != null).forEach(f -> values.add(f[1]));
    return values;
  }

  public int integer(String name, int fallback) {
    String v = string(name, null);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
    }
  }

  public Path path(String name, String fallback) {
    String v = string(name, fallback);
    return v == null ? null : Path.of(v);
  }
}
