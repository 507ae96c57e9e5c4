package dev.sluice.job.definition;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** The pipeline file as a tree of sections, lists and scalars, each knowing its line. */
final class YamlTree {

  private YamlTree() {}

  /** A value of the file. */
  sealed interface Value permits Section, Items, Scalar {
    Location at();
  }

  /** A plain value; {@code text} is null for a YAML null ({@code key:} with nothing after it). */
  record Scalar(String text, Location at) implements Value {}

  /** A list of plain values. */
  record Items(List<String> texts, Location at) implements Value {}

  /** One key of a section, with the line the key is on. */
  record Entry(String key, Location at, Value value) {}

  /** A mapping, its keys in file order. */
  static final class Section implements Value {

    private final Location at;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Section(Location at) {
      this.at = at;
    }

    @Override
    public Location at() {
      return at;
    }

    Collection<Entry> entries() {
      return entries.values();
    }

    Entry get(String key) {
      return entries.get(key);
    }

    /** Adds {@code entry}, or replaces the entry of its key in place. */
    void put(Entry entry) {
      entries.put(entry.key(), entry);
    }
  }

  /** Reads {@code yaml}, named {@code file} in errors; the file must be a non-empty mapping. */
  static Section read(InputStream yaml, String file) {
    Node root;
    try {
      root =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .compose(new InputStreamReader(yaml, StandardCharsets.UTF_8));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem =
          (e.getContext() != null ? e.getContext() + ", " : "")
              + (e.getProblem() != null ? e.getProblem() : e.getMessage());
      throw new PipelineFileException(
          mark == null ? Location.ofFile(file) : new Location(file, mark.getLine() + 1),
          "",
          "not valid YAML: " + problem,
          "Check the indentation and quoting here (quote a value holding ': ', ' #', '[' or '{')",
          e);
    } catch (YAMLException e) {
      throw new PipelineFileException(
          Location.ofFile(file), "", "not valid YAML: " + e.getMessage(), null, e);
    }
    if (root == null) {
      throw new PipelineFileException(
          Location.ofFile(file), "", "the file is empty", "Start it with pipeline: name: <name>");
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new PipelineFileException(
          at(file, root),
          "",
          "the file must be a YAML mapping of pipeline:, sources:, sinks:, checkpoint: and"
              + " restarts:",
          "Start it with pipeline: name: <name>");
    }
    return section(file, "", mapping);
  }

  private static Section section(String file, String path, MappingNode mapping) {
    Section section = new Section(at(file, mapping));
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new PipelineFileException(
            at(file, tuple.getKeyNode()), path, "a key must be a plain name", null);
      }
      String key = keyNode.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      Entry first = section.get(key);
      if (first != null) {
        throw new PipelineFileException(
            at(file, keyNode),
            keyPath,
            "duplicate key (first at line " + first.at().line() + ")",
            "Remove one of the two, or rename it");
      }
      section.put(new Entry(key, at(file, keyNode), value(file, keyPath, tuple.getValueNode())));
    }
    return section;
  }

  private static Value value(String file, String path, Node node) {
    if (node instanceof MappingNode mapping) {
      return section(file, path, mapping);
    }
    if (node instanceof SequenceNode sequence) {
      List<String> texts = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode scalar) || Tag.NULL.equals(item.getTag())) {
          throw new PipelineFileException(
              at(file, item),
              path,
              "a list here holds plain values only",
              "Write it as [a, b, c], each item a value");
        }
        texts.add(scalar.getValue());
      }
      return new Items(texts, at(file, node));
    }
    ScalarNode scalar = (ScalarNode) node;
    return new Scalar(Tag.NULL.equals(node.getTag()) ? null : scalar.getValue(), at(file, node));
  }

  private static Location at(String file, Node node) {
    return new Location(file, node.getStartMark().getLine() + 1);
  }
}
