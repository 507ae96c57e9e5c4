package dev.sluice.job.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.job.definition.ConnectorType;
import dev.sluice.job.definition.Location;
import dev.sluice.job.definition.PipelineFileException;
import dev.sluice.job.definition.TestCdcFactory;
import dev.sluice.job.definition.TestFilesFactory;
import dev.sluice.job.definition.TestSinkFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Factories are found through META-INF/services, by type; a type is one factory's. */
class FactoryRegistryTest {

  @Test
  void discoveryFindsTheRegisteredFactoriesSortedByType() {
    FactoryRegistry registry = FactoryRegistry.discover();
    assertThat(registry.sources())
        .extracting(ConnectorType::type)
        .contains("test-cdc", "test-files")
        .isSorted();
    assertThat(registry.sinks()).extracting(ConnectorType::type).contains("test-sink").isSorted();
    Location at = new Location("shop.yaml", 4);
    assertThat(registry.source("test-files", at, "sources.payments.type"))
        .isInstanceOf(TestFilesFactory.class);
    assertThat(registry.sink("test-sink", at, "sinks.warehouse.type"))
        .isInstanceOf(TestSinkFactory.class);
  }

  @Test
  void anUnknownTypeFailsAtItsKeyListingTheKnownTypes() {
    FactoryRegistry registry =
        FactoryRegistry.of(List.of(new TestFilesFactory(), new TestCdcFactory()), List.of());
    assertThatThrownBy(
            () -> registry.source("files", new Location("shop.yaml", 7), "sources.p.type"))
        .isInstanceOfSatisfying(
            PipelineFileException.class,
            e -> assertThat(e.location()).isEqualTo(new Location("shop.yaml", 7)))
        .hasMessage(
            "shop.yaml line 7: sources.p.type: unknown source type 'files'. Known source types:"
                + " test-cdc, test-files.");
    assertThatThrownBy(
            () -> registry.sink("test-sink", new Location("shop.yaml", 9), "sinks.w.type"))
        .hasMessage(
            "shop.yaml line 9: sinks.w.type: unknown sink type 'test-sink'. There are no sink"
                + " types.");
  }

  @Test
  void twoFactoriesOfOneTypeFailNamingBothClasses() {
    assertThatThrownBy(
            () ->
                FactoryRegistry.of(List.of(new TestCdcFactory(), new OtherCdcFactory()), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Two source factories have the type 'test-cdc'")
        .hasMessageContaining(TestCdcFactory.class.getName() + " and ")
        .hasMessageEndingWith(
            OtherCdcFactory.class.getName()
                + "; remove one from META-INF/services or rename its type");
  }

  /** A second factory claiming {@code test-cdc}. */
  private static final class OtherCdcFactory extends TestCdcFactory {}
}
