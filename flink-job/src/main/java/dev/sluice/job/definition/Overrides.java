package dev.sluice.job.definition;

import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Scalar;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code --set key.path=value} overrides to the file's tree before it is typed: each
 * replaces or adds one value, at line 0; {@code ;} separates the items of a list value.
 */
final class Overrides {

  private Overrides() {}

  static void apply(Section root, Map<String, String> overrides, String file) {
    Location at = Location.override(file);
    for (Map.Entry<String, String> override : new TreeMap<>(overrides).entrySet()) {
      String path = override.getKey();
      String[] segments = path.split("\\.", -1);
      if (Arrays.stream(segments).anyMatch(String::isBlank)) {
        throw new PipelineFileException(
            at,
            path,
            "an override needs a key path of dot-separated names",
            "Write it as section.name.key=value, e.g. sources.my-db.port=15432");
      }
      set(root, segments, 0, override.getValue(), at, path);
    }
  }

  /** Sets {@code segments[from..]} under {@code section}; a key of the file may hold dots. */
  private static void set(
      Section section, String[] segments, int from, String value, Location at, String path) {
    for (int to = segments.length; to > from; to--) {
      String key = String.join(".", Arrays.copyOfRange(segments, from, to));
      Entry entry = section.get(key);
      if (entry == null) {
        continue;
      }
      String prefix = String.join(".", Arrays.copyOfRange(segments, 0, to));
      if (to == segments.length) {
        if (entry.value() instanceof Section) {
          throw new PipelineFileException(
              at, path, "this is a section of the file, not a value", "Override one of its keys");
        }
        section.put(new Entry(key, at, new Scalar(value, at)));
      } else if (entry.value() instanceof Section inner) {
        set(inner, segments, to, value, at, path);
      } else {
        throw new PipelineFileException(
            at,
            path,
            prefix + " is a value in the file, not a section",
            "Override " + prefix + " itself");
      }
      return;
    }
    if (from == segments.length - 1) {
      section.put(new Entry(segments[from], at, new Scalar(value, at)));
    } else {
      Section added = new Section(at);
      section.put(new Entry(segments[from], at, added));
      set(added, segments, from + 1, value, at, path);
    }
  }
}
