package dev.sluice.job.definition;

import dev.sluice.job.definition.OptionChecker.KeyPaths;
import dev.sluice.job.definition.OptionChecker.Raw;
import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Section;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one entry of {@code sinks:} into a {@link SinkDef}, through its type's factory. */
final class SinkReader {

  private SinkReader() {}

  /** {@code inFile}: the names of the sinks the file itself declares, for messages. */
  static SinkDef read(Entry entry, TypeRegistry registry, Collection<String> inFile) {
    String path = "sinks." + entry.key();
    String name = FileShape.name(entry, path, "sink");
    Section def =
        FileShape.section(entry, path, "Write " + name + ": {type: <type>, <option>: <value>}");
    String type = FileShape.type(def, path, entry.at(), "sink", inFile, registry.sinks());
    SinkType factory =
        registry.sink(type, def.get(FileShape.TYPE).at(), path + "." + FileShape.TYPE);
    String section = factory.targetSection();
    Set<String> structural = Set.of(FileShape.TYPE, section);
    Map<String, Raw> keys = OptionChecker.flatten(def, path, "", structural);
    Set<String> known = OptionChecker.keys(factory.requiredOptions(), factory.optionalOptions());
    KeyPaths paths = new KeyPaths(path);
    OptionChecker.rejectUnknown(keys, paths, known, OptionChecker.union(known, structural));
    DefOptions options =
        OptionChecker.check(
            paths, entry.at(), keys, factory.requiredOptions(), factory.optionalOptions());
    return new SinkDef(name, type, options, targets(def, path, factory), entry.at());
  }

  private static List<TargetDef> targets(Section def, String path, SinkType factory) {
    String section = factory.targetSection();
    Entry entry = def.get(section);
    if (entry == null) {
      return List.of();
    }
    String sectionPath = path + "." + section;
    String shorthand = factory.targetShorthand().key();
    String fix =
        "List the views it serves: "
            + section
            + ": {<view>: <"
            + shorthand
            + ">, <view>: {"
            + shorthand
            + ": ..., <option>: ...}}";
    Section targets = FileShape.section(entry, sectionPath, fix);
    if (targets.entries().isEmpty()) {
      throw new PipelineFileException(
          entry.at(), sectionPath, section + ": is empty", fix + ", or remove " + section + ":");
    }
    Set<String> known =
        OptionChecker.keys(factory.requiredTargetOptions(), factory.optionalTargetOptions());
    List<TargetDef> defs = new ArrayList<>();
    for (Entry target : targets.entries()) {
      String targetPath = sectionPath + "." + target.key();
      FileShape.name(target, targetPath, "view");
      Map<String, Raw> keys =
          TableReader.shorthand(
              target,
              targetPath,
              factory.targetShorthand(),
              "a target is a " + shorthand + " or a mapping of its options",
              fix);
      KeyPaths paths = new KeyPaths(targetPath);
      OptionChecker.rejectUnknown(keys, paths, known, known);
      DefOptions options =
          OptionChecker.check(
              paths,
              target.at(),
              keys,
              factory.requiredTargetOptions(),
              factory.optionalTargetOptions());
      defs.add(new TargetDef(target.key(), options, target.at()));
    }
    return defs;
  }
}
