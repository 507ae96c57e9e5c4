package dev.sluice.job;

import static dev.sluice.stack.kit.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.job.definition.PipelineDefinition;
import dev.sluice.stack.shop.ShopGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The six inputs that once stalled the job or lost data silently, fed to the running job: a NUL in
 * a settlement line and in a click, a 6,000-character batch id, deliveries under {@code
 * dt=9999-12-31} and {@code dt=2099-01-01}, a batch id reused by another tenant, a click giving
 * {@code ts} twice. Each is dead-lettered with its reason and position; the job never restarts; the
 * good records around them commit; progress claims only what was loaded; no tenant's data is
 * replaced by another's.
 */
class PoisonPillsITCase extends StackITCaseBase {

  private static final String DAY = "2020-01-07";
  private static final String AT = DAY + "T12:00:00Z";
  private static final String HEADER = "payment_id,order_id,tenant_id,amount,currency,settled_at";

  @Test
  void noPoisonPillStallsTheJobOrReplacesAnotherTenantsData() throws Exception {
    ShopTestBed bed = new ShopTestBed(stack, temp);
    bed.createEmptySources();
    PipelineDefinition pipeline = bed.pipeline(false);
    JobClient job = ShopTestBed.run(pipeline, "poison-pills-" + bed.id);
    try {
      List<String> expected = new ArrayList<>();

      // 5. initech's batch first, loaded; then umbrella's delivery under the same batch id.
      Path initech = partition(bed, DAY, "initech");
      deliver(initech, "shared", "h3-shared-batch", HEADER, "i1,100,initech,5.00,EUR," + AT);
      until(
          "initech's batch to load",
          Duration.ofMinutes(1),
          () -> bed.query("SELECT status FROM ops.batch_ledger").equals(List.of("LOADED")));
      Path umbrella = partition(bed, DAY, "umbrella");
      deliver(umbrella, "shared", "h3-shared-batch", HEADER, "u1,100,umbrella,9.00,EUR," + AT);
      expected.add(
          letter("payments-ledger", umbrella.resolve("shared.manifest.json"), "BATCH_ID_CONFLICT"));

      // 1. A NUL inside an amount; a good line behind it.
      Path acme = partition(bed, DAY, "acme");
      deliver(
          acme,
          "nul",
          "acme-nul",
          HEADER,
          "n1,100,acme,7\u00002.00,EUR," + AT,
          "n2,100,acme,3.00,EUR," + AT);
      expected.add(letter("payments", acme.resolve("nul.csv") + ":2", "INVALID_TYPE"));

      // 2. A batch id of 6,000 characters.
      deliver(acme, "long-id", "b".repeat(6000), HEADER, "l1,100,acme,1.00,EUR," + AT);
      expected.add(
          letter("payments-ledger", acme.resolve("long-id.manifest.json"), "MANIFEST_INVALID"));

      // 3. A header-only delivery for the last day of year 9999.
      Path far = partition(bed, "9999-12-31", "acme");
      deliver(far, "far", "acme-far", HEADER);
      expected.add(
          letter("payments-ledger", far.resolve("far.manifest.json"), "PARTITION_MISMATCH"));

      // 4. A delivery for 2099 whose only row is bad, and one for a past day with nothing staged.
      Path future = partition(bed, "2099-01-01", "acme");
      deliver(
          future, "future", "acme-future", HEADER, "f1,100,acme,-1.00,EUR,2099-01-01T10:00:00Z");
      expected.add(
          letter("payments-ledger", future.resolve("future.manifest.json"), "PARTITION_MISMATCH"));
      Path later = partition(bed, "2020-01-09", "acme");
      deliver(
          later, "bad-only", "acme-bad-only", HEADER, "x1,100,acme,-1.00,EUR,2020-01-09T10:00:00Z");
      expected.add(letter("payments", later.resolve("bad-only.csv") + ":2", "INVALID_VALUE"));

      // 1 and 6. A click with a NUL in a field, a click giving ts twice, and a good click.
      String good =
          "{\"event_id\":\"e1\",\"tenant_id\":\"acme\",\"customer_id\":3,\"session_id\":\"s\","
              + "\"event_type\":\"view\",\"sku\":\"sku-1\",\"ts\":\""
              + Instant.now()
              + "\"}";
      String[][] clicks = {
        {good.replace("sku-1", "sku\\u0000-1").replace("e1", "e-nul"), "INVALID_VALUE"},
        {
          good.replace("{", "{\"ts\":\"" + Instant.now().minusSeconds(7200) + "\",")
              .replace("e1", "e-twice"),
          "MALFORMED"
        },
        {good, null}
      };
      try (KafkaProducer<byte[], byte[]> producer =
          KafkaTopics.producer(stack.kafka().bootstrapServers(), 1 << 20)) {
        for (String[] click : clicks) {
          var meta =
              producer.send(new ProducerRecord<>(bed.clicksTopic, 0, null, utf8(click[0]))).get();
          if (click[1] != null) {
            expected.add(
                "clicks|"
                    + meta.topic()
                    + "/"
                    + meta.partition()
                    + "/"
                    + meta.offset()
                    + "|"
                    + click[1]);
          }
        }
      }
      expected.sort(null);

      until(
          expected.size() + " dead letters",
          Duration.ofMinutes(2),
          () -> letters(bed).size() >= expected.size());
      assertThat(letters(bed)).isEqualTo(expected);
      until(
          "the good line behind the NUL and initech's payment in the marts",
          Duration.ofMinutes(1),
          () ->
              bed.query(
                      "SELECT tenant_id, paid_amount FROM marts.payment_reconciliation"
                          + " ORDER BY tenant_id")
                  .equals(List.of("acme|3.00", "initech|5.00")));
      until(
          "the good click staged",
          Duration.ofSeconds(30),
          () -> counters(job.getJobID(), "records_out").getOrDefault("clicks", 0L) == 1);
      assertThat(bed.query("SELECT status FROM ops.batch_ledger"))
          .as("initech's batch is neither replaced nor joined by umbrella's")
          .containsExactlyInAnyOrder("LOADED", "LOADED", "LOADED");
      assertThat(
              bed.query(
                  "SELECT tenant_id, complete_up_to FROM ops.pipeline_progress WHERE table_name = 'payments'"))
          .as("progress moves only by staged rows: not to 2099 or 10000, nor past 2020-01-08")
          .containsExactly("acme|2020-01-08 00:00:00", "initech|2020-01-08 00:00:00");
      assertThat(status(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(metrics.findMetric(job.getJobID(), "numRestarts"))
          .hasValueSatisfying(m -> assertThat(((Gauge<?>) m).getValue()).isEqualTo(0L));
    } finally {
      job.cancel().get();
    }
  }

  /** Every letter as "source|position|reason", sorted (two letters at one position stay two). */
  private static List<String> letters(ShopTestBed bed) {
    List<String> rows = bed.query("SELECT source, position, reason FROM ops.dead_letters");
    List<String> letters = new ArrayList<>();
    for (String row : rows) {
      letters.add(row.replaceFirst("\\|file:/*", "|/"));
    }
    letters.sort(null);
    return letters;
  }

  private static String letter(String source, Object position, String reason) {
    return source + "|" + position + "|" + reason;
  }

  private static Path partition(ShopTestBed bed, String day, String tenant) throws Exception {
    return Files.createDirectories(bed.landing.resolve("dt=" + day).resolve("tenant=" + tenant));
  }

  private static void deliver(
      Path dir, String name, String batchId, String header, String... rows) {
    String csv = header + "\n" + (rows.length == 0 ? "" : String.join("\n", rows) + "\n");
    ShopGenerator.writeDelivery(dir, name, batchId, utf8(csv), rows.length);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
