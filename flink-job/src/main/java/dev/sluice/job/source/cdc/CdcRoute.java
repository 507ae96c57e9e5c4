package dev.sluice.job.source.cdc;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.flink.util.OutputTag;

/** Which captured tables one table definition takes: a name or a pattern, and its key columns. */
final class CdcRoute implements Serializable {

  private static final long serialVersionUID = 1L;

  final String table;
  final String name;
  final String pattern;
  final List<String> keyFields;
  private transient Pattern compiled;

  /**
   * @param table the table definition's name
   * @param name the captured table, {@code schema.table}, or null when {@code pattern} is given
   * @param keyFields the upstream columns of the key, in key order
   */
  CdcRoute(String table, String name, String pattern, List<String> keyFields) {
    this.table = table;
    this.name = name;
    this.pattern = pattern;
    this.keyFields = keyFields;
  }

  boolean matches(String upstream) {
    if (name != null) {
      return name.equals(upstream);
    }
    if (compiled == null) {
      compiled = Pattern.compile(pattern);
    }
    return compiled.matcher(upstream).matches();
  }

  /** The name or pattern, for messages. */
  String selector() {
    return name != null ? name : "pattern " + pattern;
  }

  /** The side output the router sends this table's events to. */
  OutputTag<ChangeEvent> tag() {
    return new OutputTag<>("cdc-" + table) {};
  }
}
