package dev.sluice.job.factory;

import dev.sluice.job.definition.ConnectorType;
import dev.sluice.job.definition.Location;
import dev.sluice.job.definition.PipelineFileException;
import dev.sluice.job.definition.TypeRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The source and sink factories on the classpath, by type. */
public final class FactoryRegistry implements TypeRegistry {

  private final Map<String, SourceFactory> sources;
  private final Map<String, SinkFactory> sinks;

  private FactoryRegistry(Map<String, SourceFactory> sources, Map<String, SinkFactory> sinks) {
    this.sources = sources;
    this.sinks = sinks;
  }

  /** The factories registered in {@code META-INF/services} of this class's class loader. */
  public static FactoryRegistry discover() {
    ClassLoader loader = FactoryRegistry.class.getClassLoader();
    return of(
        ServiceLoader.load(SourceFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList(),
        ServiceLoader.load(SinkFactory.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /** These factories; two of one kind with one type fail naming both classes. */
  public static FactoryRegistry of(
      Collection<? extends SourceFactory> sources, Collection<? extends SinkFactory> sinks) {
    return new FactoryRegistry(byType("source", sources), byType("sink", sinks));
  }

  private static <F extends ConnectorType> Map<String, F> byType(
      String kind, Collection<? extends F> factories) {
    Map<String, F> byType = new TreeMap<>();
    for (F factory : factories) {
      F other = byType.putIfAbsent(factory.type(), factory);
      if (other != null) {
        throw new IllegalStateException(
            "Two "
                + kind
                + " factories have the type '"
                + factory.type()
                + "': "
                + other.getClass().getName()
                + " and "
                + factory.getClass().getName()
                + "; remove one from META-INF/services or rename its type");
      }
    }
    return byType;
  }

  /** The source factory of {@code type}, named at {@code key} of {@code at}. */
  @Override
  public SourceFactory source(String type, Location at, String key) {
    return find(sources, "source", type, at, key);
  }

  /** The sink factory of {@code type}, named at {@code key} of {@code at}. */
  @Override
  public SinkFactory sink(String type, Location at, String key) {
    return find(sinks, "sink", type, at, key);
  }

  private static <F> F find(
      Map<String, F> factories, String kind, String type, Location at, String key) {
    F factory = factories.get(type);
    if (factory == null) {
      throw PipelineFileException.unknown(
          at,
          key,
          "unknown " + kind + " type '" + type + "'",
          type,
          kind + " types",
          factories.keySet());
    }
    return factory;
  }

  /** Every source factory, sorted by type. */
  @Override
  public Collection<SourceFactory> sources() {
    return List.copyOf(sources.values());
  }

  /** Every sink factory, sorted by type. */
  @Override
  public Collection<SinkFactory> sinks() {
    return List.copyOf(sinks.values());
  }
}
