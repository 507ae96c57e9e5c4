package dev.sluice.job.contract;

import java.util.List;

/** A column as a pipeline file declares it, built fluently for tests. */
public final class Col {

  private final String name;
  private final String type;
  private String from;
  private boolean required;
  private boolean trim = true;
  private List<String> accepted = List.of();
  private String min;
  private String max;
  private String pattern;
  private Integer maxLength;
  private String metadata;
  private String withinPartition;

  private Col(String name, String type) {
    this.name = name;
    this.type = type;
  }

  public static Col of(String name, String type) {
    return new Col(name, type);
  }

  /** Where a column is declared, as the specs' {@code where} says it. */
  public static String where(String name) {
    return "shop.yaml line 7: sources.src.columns." + name;
  }

  public Col required() {
    this.required = true;
    return this;
  }

  public Col from(String field) {
    this.from = field;
    return this;
  }

  public Col untrimmed() {
    this.trim = false;
    return this;
  }

  public Col accepted(String... values) {
    this.accepted = List.of(values);
    return this;
  }

  public Col min(String bound) {
    this.min = bound;
    return this;
  }

  public Col max(String bound) {
    this.max = bound;
    return this;
  }

  public Col pattern(String regex) {
    this.pattern = regex;
    return this;
  }

  public Col maxLength(int length) {
    this.maxLength = length;
    return this;
  }

  public Col metadata(String key) {
    this.metadata = key;
    return this;
  }

  public Col withinPartition(String column) {
    this.withinPartition = column;
    return this;
  }

  public ColumnSpec spec() {
    return new ColumnSpec(
        name,
        type,
        from,
        required,
        trim,
        accepted,
        min,
        max,
        pattern,
        maxLength,
        metadata,
        withinPartition,
        where(name));
  }
}
