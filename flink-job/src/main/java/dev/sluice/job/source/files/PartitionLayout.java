package dev.sluice.job.source.files;

import dev.sluice.connectors.file.FileBatchSources;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.Path;

/** The partition directories of a files source: {@code dt={dt}/tenant={tenant_id}}. */
final class PartitionLayout implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Pattern SEGMENT =
      Pattern.compile("([A-Za-z0-9_.-]+)=\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /** Directory name -> column, in layout order. */
  private final LinkedHashMap<String, String> segments = new LinkedHashMap<>();

  private final String text;

  /** Parses {@code layout}; fails with the segment that is not {@code name={column}}. */
  PartitionLayout(String layout) {
    this.text = layout;
    if (layout.isBlank()) {
      return;
    }
    for (String segment : layout.split("/")) {
      Matcher m = SEGMENT.matcher(segment);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "segment '" + segment + "' of layout '" + layout + "' is not name={column}");
      }
      if (segments.put(m.group(1), m.group(2)) != null) {
        throw new IllegalArgumentException(
            "layout '" + layout + "' names directory " + m.group(1) + " twice");
      }
    }
  }

  /** The columns the layout fills, in layout order. */
  List<String> columns() {
    return new ArrayList<>(segments.values());
  }

  /** The directory name of {@code column}, or null. */
  String directoryOf(String column) {
    for (Map.Entry<String, String> s : segments.entrySet()) {
      if (s.getValue().equals(column)) {
        return s.getKey();
      }
    }
    return null;
  }

  /** The first directory name (what backfill-from compares), or null. */
  String first() {
    return segments.isEmpty() ? null : segments.keySet().iterator().next();
  }

  /**
   * Column -> value of the directories {@code path} lies under; null when a directory of the layout
   * is not there.
   */
  Map<String, String> values(String path) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : segments.entrySet()) {
      String value = FileBatchSources.partitionValue(new Path(path), s.getKey()).orElse(null);
      if (value == null) {
        return null;
      }
      values.put(s.getValue(), value);
    }
    return values;
  }

  @Override
  public String toString() {
    return text;
  }
}
