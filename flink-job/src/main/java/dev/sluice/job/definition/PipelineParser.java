package dev.sluice.job.definition;

import dev.sluice.job.definition.OptionChecker.KeyPaths;
import dev.sluice.job.definition.OptionChecker.Raw;
import dev.sluice.job.definition.YamlTree.Entry;
import dev.sluice.job.definition.YamlTree.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads a pipeline file, with overrides, into a validated {@link PipelineDefinition}. */
public final class PipelineParser {

  private static final String CLASSPATH = "classpath:";
  private static final String PIPELINE = "pipeline";
  private static final String SOURCES = "sources";
  private static final String SINKS = "sinks";
  private static final String EXTENDS = "extends";
  private static final List<String> SECTIONS =
      List.of(PIPELINE, SOURCES, SINKS, "checkpoint", "restarts");

  /** How many files one may extend in a chain before it is taken for a cycle. */
  private static final int MAX_EXTENDS = 8;

  /**
   * A URI such as {@code classpath:sql/my-pipeline} or {@code s3://bucket/sql}, kept as written.
   */
  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

  private PipelineParser() {}

  /**
   * Parses {@code yaml}, named {@code file} in errors and against whose directory a relative {@code
   * sql-dir} is resolved; {@code overrides} map key paths ({@code sources.my-db.port}) to values.
   */
  public static PipelineDefinition parse(
      InputStream yaml, String file, Map<String, String> overrides, TypeRegistry registry) {
    Section root = YamlTree.read(yaml, file);
    String base = file;
    for (int depth = 0; root.get(EXTENDS) != null; depth++) {
      Entry extended = root.get(EXTENDS);
      if (!(extended.value() instanceof YamlTree.Scalar name) || name.text() == null) {
        throw new PipelineFileException(
            extended.at(), EXTENDS, "names one pipeline file", "Write extends: pipeline.yaml");
      }
      if (depth == MAX_EXTENDS) {
        throw new PipelineFileException(
            extended.at(),
            EXTENDS,
            "more than " + MAX_EXTENDS + " files extend each other: a cycle?",
            "Extend the file that holds the pipeline itself");
      }
      base = resolve(base, name.text());
      Section extendedRoot;
      try (InputStream in = open(base, extended.at())) {
        extendedRoot = YamlTree.read(in, base);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read " + base, e);
      }
      overlay(extendedRoot, root);
      root = extendedRoot;
    }
    Overrides.apply(root, overrides, file);
    for (Entry entry : root.entries()) {
      if (!SECTIONS.contains(entry.key())) {
        throw PipelineFileException.unknown(
            entry.at(), entry.key(), "unknown top-level key", entry.key(), "keys", SECTIONS);
      }
    }
    DefOptions options = pipelineOptions(root, file);
    List<SourceDef> sources =
        defs(root, SOURCES, (e, names) -> SourceReader.read(e, registry, names));
    List<SinkDef> sinks = defs(root, SINKS, (e, names) -> SinkReader.read(e, registry, names));
    return new PipelineDefinition(
        file, sqlDir(base, options.get(PipelineOptions.SQL_DIR)), options, sources, sinks);
  }

  /**
   * Lays the keys of {@code over} (a file that extends another) over {@code base}: sections merge
   * key by key, any other value replaces the base's and keeps its own file and line.
   */
  private static void overlay(Section base, Section over) {
    for (Entry entry : over.entries()) {
      if (entry.key().equals(EXTENDS)) {
        continue;
      }
      Entry under = base.get(entry.key());
      if (under != null
          && under.value() instanceof Section baseSection
          && entry.value() instanceof Section overSection) {
        overlay(baseSection, overSection);
      } else {
        base.put(entry);
      }
    }
  }

  /** {@code target} as named in {@code file}: relative to that file's directory, or a URI. */
  private static String resolve(String file, String target) {
    if (URI.matcher(target).matches() || Path.of(target).isAbsolute()) {
      return target;
    }
    if (file.startsWith(CLASSPATH)) {
      Path parent = Path.of(file.substring(CLASSPATH.length())).getParent();
      return CLASSPATH + (parent == null ? Path.of(target) : parent.resolve(target)).normalize();
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    return parent.resolve(target).normalize().toString();
  }

  /**
   * Loads {@code file}, a path or {@code classpath:<resource>}, with the factories on the
   * classpath.
   */
  public static PipelineDefinition load(
      String file, Map<String, String> overrides, TypeRegistry registry) {
    try (InputStream in = open(file, Location.ofFile(file))) {
      return parse(in, file, overrides, registry);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
  }

  /** Opens {@code file}, a path or {@code classpath:<resource>}; {@code at} names who asked. */
  private static InputStream open(String file, Location at) throws IOException {
    if (file.startsWith(CLASSPATH)) {
      String resource = file.substring(CLASSPATH.length()).replaceFirst("^/", "");
      InputStream in = PipelineParser.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new PipelineFileException(
            at,
            "",
            at.file().equals(file) ? "no such file on the classpath" : "no such file: " + file,
            "Check the path: classpath:sql/<pipeline>/pipeline.yaml names one inside the job jar");
      }
      return in;
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new PipelineFileException(
          at,
          "",
          at.file().equals(file) ? "no such file" : "no such file: " + file,
          "Check the path; a relative one is resolved against "
              + (at.file().equals(file) ? Path.of("").toAbsolutePath() : "the file naming it"),
          e);
    }
  }

  /** {@code pipeline:} and the top-level {@code checkpoint:} and {@code restarts:} keys. */
  private static DefOptions pipelineOptions(Section root, String file) {
    Map<String, Raw> keys = new LinkedHashMap<>();
    Set<String> all =
        OptionChecker.keys(PipelineOptions.REQUIRED_OPTIONS, PipelineOptions.OPTIONAL_OPTIONS);
    KeyPaths paths = new KeyPaths(PIPELINE, PipelineOptions.TOP_LEVEL_SECTIONS);
    for (String section : SECTIONS) {
      Entry entry = root.get(section);
      if (entry == null || section.equals(SOURCES) || section.equals(SINKS)) {
        continue;
      }
      boolean pipeline = section.equals(PIPELINE);
      String prefix = pipeline ? "" : section + ".";
      Map<String, Raw> sectionKeys =
          OptionChecker.flatten(
              FileShape.section(entry, section, "Write " + section + ": {<key>: <value>}"),
              section,
              prefix,
              Set.of());
      Set<String> known =
          all.stream()
              .filter(key -> pipeline ? !topLevel(key) : key.startsWith(prefix))
              .collect(Collectors.toSet());
      // Under pipeline: even a checkpoint.* key is pipeline.checkpoint.*, and unknown there.
      OptionChecker.rejectUnknown(
          sectionKeys, pipeline ? new KeyPaths(PIPELINE) : paths, known, known);
      keys.putAll(sectionKeys);
    }
    Location at = root.get(PIPELINE) == null ? Location.ofFile(file) : root.get(PIPELINE).at();
    DefOptions options =
        OptionChecker.check(
            paths, at, keys, PipelineOptions.REQUIRED_OPTIONS, PipelineOptions.OPTIONAL_OPTIONS);
    FileShape.name(
        options.get(PipelineOptions.NAME),
        options.location(PipelineOptions.NAME),
        options.path(PipelineOptions.NAME),
        "pipeline");
    if (options.contains(PipelineOptions.TENANCY_COLUMN)
        != options.contains(PipelineOptions.TENANCY_ALLOWED)) {
      throw options.error(
          options.contains(PipelineOptions.TENANCY_COLUMN)
              ? PipelineOptions.TENANCY_ALLOWED
              : PipelineOptions.TENANCY_COLUMN,
          "tenancy needs both column and allowed",
          "Set tenancy: {column: <column>, allowed: [<tenant>, ...]}, or neither");
    }
    return options;
  }

  private static boolean topLevel(String key) {
    int dot = key.indexOf('.');
    return dot > 0 && PipelineOptions.TOP_LEVEL_SECTIONS.contains(key.substring(0, dot));
  }

  /** The definitions of {@code sources:} or {@code sinks:}, in file order. */
  private static <D> List<D> defs(
      Section root, String section, BiFunction<Entry, List<String>, D> reader) {
    Entry entry = root.get(section);
    if (entry == null) {
      return List.of();
    }
    Section defs =
        FileShape.section(entry, section, "Write " + section + ": {<name>: {type: <type>, ...}}");
    List<String> inFile =
        defs.entries().stream().filter(e -> !e.at().isOverride()).map(Entry::key).toList();
    List<D> read = new ArrayList<>();
    for (Entry def : defs.entries()) {
      read.add(reader.apply(def, inFile));
    }
    return read;
  }

  private static String sqlDir(String file, String sqlDir) {
    if (URI.matcher(sqlDir).matches()) {
      return sqlDir;
    }
    if (file.startsWith(CLASSPATH)) {
      Path resource = Path.of(file.substring(CLASSPATH.length())).getParent();
      Path dir = resource == null ? Path.of(sqlDir) : resource.resolve(sqlDir);
      String normalized = dir.normalize().toString();
      return CLASSPATH + (normalized.isEmpty() ? "." : normalized);
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    return parent.resolve(sqlDir).normalize().toString();
  }
}
