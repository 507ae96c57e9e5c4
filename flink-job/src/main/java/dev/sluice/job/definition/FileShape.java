package dev.sluice.job.definition;

import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Items;
import dev.sluice.job.definition.YamlTree.Scalar;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.Collection;
import java.util.regex.Pattern;

/** The shape checks every part of the file shares: a mapping where one belongs, a valid name. */
final class FileShape {

  static final String TYPE = "type";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private FileShape() {}

  /** The mapping {@code entry} holds (empty for a null value); {@code fix} says what belongs. */
  static Section section(Entry entry, String path, String fix) {
    if (entry.value() instanceof Section section) {
      return section;
    }
    if (entry.value() instanceof Scalar scalar && scalar.text() == null) {
      return new Section(entry.at());
    }
    String found = entry.value() instanceof Items ? "a list" : "a plain value";
    throw new PipelineFileException(entry.at(), path, "must be a mapping, not " + found, fix);
  }

  /** The plain value of {@code entry}, or null when it is null. */
  static String scalar(Entry entry, String path, String fix) {
    if (entry.value() instanceof Scalar scalar) {
      return scalar.text();
    }
    throw new PipelineFileException(entry.at(), path, "must be a plain value", fix);
  }

  /** Fails unless {@code entry}'s key is a name key paths can hold (no dots). */
  static String name(Entry entry, String path, String what) {
    return name(entry.key(), entry.at(), path, what);
  }

  /** Fails unless {@code name} (set at {@code path}) is a name key paths can hold. */
  static String name(String name, Location at, String path, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new PipelineFileException(
          at,
          path,
          "'" + name + "' is not a valid " + what + " name",
          "Use letters, digits, _ and -, starting with a letter or _ (no dots: they separate the"
              + " parts of a key path)");
    }
    return name;
  }

  /** The {@code type:} of a source or sink, which must be set. */
  static String type(
      Section def,
      String path,
      Location at,
      String kind,
      Collection<String> inFile,
      Collection<? extends ConnectorType> factories) {
    Entry entry = def.get(TYPE);
    String type = entry == null ? null : scalar(entry, path + "." + TYPE, "Write type: <type>");
    if (type != null) {
      return type;
    }
    if (at.isOverride()) {
      throw new PipelineFileException(
          at,
          path,
          "the file has no " + kind + " of this name",
          "Its "
              + kind
              + "s: "
              + String.join(", ", inFile)
              + "; an override adding one sets its "
              + TYPE
              + " too");
    }
    throw new PipelineFileException(
        at,
        path + "." + TYPE,
        "a required key is missing",
        "Add type: one of "
            + String.join(", ", factories.stream().map(ConnectorType::type).sorted().toList()));
  }
}
