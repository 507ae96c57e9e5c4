package dev.sluice.job.source.files;

import dev.sluice.connectors.file.FileLine;
import dev.sluice.job.contract.Contract;
import dev.sluice.job.contract.TableContracts;
import dev.sluice.job.contract.Tenancy;
import dev.sluice.job.contract.ValueEncoding;
import dev.sluice.job.definition.DefOptions;
import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.job.definition.TableDef;
import dev.sluice.job.staging.StagingFuzz;
import dev.sluice.job.staging.StagingHarness;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** Every hostile value in every cell of the shop's settlement lines (see {@link StagingFuzz}). */
class FilesStagingFuzzTest {

  private static final String FILE = "file:/landing/payments/dt=2026-11-20/tenant=acme/fuzz.csv";
  private static final List<String> HEADER =
      List.of("payment_id", "order_id", "tenant_id", "amount", "currency", "settled_at");
  private static final List<String> PAYMENT_CELLS =
      List.of("p1", "42", "acme", "19.99", "EUR", "2026-11-20T08:00:00Z");

  @Test
  void payments() throws Exception {
    PipelineDefinition shop = StagingHarness.shop(Map.of());
    DefOptions source = shop.source("payments").options();
    TableDef payments = shop.source("payments").tables().get(0);
    Contract contract =
        TableContracts.of(
            payments,
            payments.options().get(FilesOptions.KEY),
            Tenancy.of(shop),
            ValueEncoding.TEXT,
            new FilesSourceFactory().metadataKeys());
    try (StagingHarness<BatchLine, Row> h =
        new StagingHarness<>(
            new FileRecordStaging(
                "fuzz",
                "payments",
                contract,
                source.get(FilesOptions.FORMAT),
                new PartitionLayout(source.get(FilesOptions.LAYOUT)),
                payments.options().get(FilesOptions.SCHEMA_DRIFT)))) {
      long[] number = {2};
      Function<List<String[]>, BatchLine> record =
          changes -> {
            List<String> cells = new ArrayList<>(PAYMENT_CELLS);
            for (String[] change : changes) {
              // A line holds no line break: the reader splits at it.
              cells.set(
                  HEADER.indexOf(change[0]),
                  StagingFuzz.unquoted(change[1]).replaceAll("[\r\n]", " "));
            }
            FileLine line = new FileLine();
            line.path = FILE;
            line.lineNumber = number[0]++;
            line.text = String.join(",", cells);
            return new BatchLine("b1", line, String.join(",", HEADER), false);
          };
      StagingFuzz.fuzz(h, HEADER, record, contract);
    }
  }
}
