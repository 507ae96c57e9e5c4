package dev.sluice.job.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A SQL file split into statements: on {@code ;} outside quotes and comments. */
public final class SqlScript {

  private final String name;
  private final List<String> statements;

  private SqlScript(String name, List<String> statements) {
    this.name = name;
    this.statements = statements;
  }

  /** Prefix of a SQL directory inside the job jar. */
  public static final String CLASSPATH = "classpath:";

  /**
   * Loads {@code file} from {@code dir}: {@code classpath:sql/my-pipeline} (inside the job jar) or
   * a directory on the file system.
   */
  public static SqlScript load(String dir, String file) {
    if (dir.startsWith(CLASSPATH)) {
      return fromClasspath(dir.substring(CLASSPATH.length()) + "/" + file);
    }
    Path path = Path.of(dir, file);
    try {
      return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read SQL file " + path, e);
    }
  }

  /** Loads {@code resource} (e.g. {@code sql/my-pipeline/30_marts.sql}) from the classpath. */
  public static SqlScript fromClasspath(String resource) {
    try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("SQL file not found on the classpath: " + resource);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  /** Splits {@code text}; comments are dropped, statements trimmed, empty ones skipped. */
  public static SqlScript parse(String name, String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        i = end < 0 ? text.length() : end;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != c) {
          end++;
        }
        current.append(text, i, Math.min(end + 1, text.length()));
        i = end + 1;
        continue;
      }
      if (c == ';') {
        add(statements, current);
      } else {
        current.append(c);
      }
      i++;
    }
    add(statements, current);
    return new SqlScript(name, List.copyOf(statements));
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }

  public String name() {
    return name;
  }

  public List<String> statements() {
    return statements;
  }
}
