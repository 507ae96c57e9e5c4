package dev.sluice.job.replay;

import dev.sluice.connectors.file.DeliveryFiles;
import dev.sluice.job.staging.PaymentLineParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays payment-line dead letters as new deliveries: the lines of each partition directory
 * written next to their original file as one batch with a manifest, under a name of this replay.
 * The batch id is derived from the letters' positions, so replaying the same letters again delivers
 * the same batch once more, which the ledger counts and skips (DUPLICATE).
 */
final class PaymentReplay {

  private PaymentReplay() {}

  static String redeliver(List<DeadLetterReplay.Letter> letters, String replayId) throws Exception {
    Map<Path, List<DeadLetterReplay.Letter>> byDir = new TreeMap<>();
    for (DeadLetterReplay.Letter letter : letters) {
      if (!letter.source().equals("payments")) {
        throw new IllegalArgumentException(
            "dead letters of "
                + letter.source()
                + " concern a whole delivery: fix the delivery and deliver it again (position "
                + letter.position()
                + ")");
      }
      byDir
          .computeIfAbsent(file(letter.position()).getParent(), d -> new ArrayList<>())
          .add(letter);
    }
    List<String> batches = new ArrayList<>();
    for (Map.Entry<Path, List<DeadLetterReplay.Letter>> dir : byDir.entrySet()) {
      StringBuilder positions = new StringBuilder();
      StringBuilder content = new StringBuilder(PaymentLineParser.HEADER).append('\n');
      for (DeadLetterReplay.Letter letter : dir.getValue()) {
        positions.append(letter.position()).append('\n');
        content.append(letter.payload()).append('\n');
      }
      String batchId =
          "replay-"
              + DeliveryFiles.sha256(positions.toString().getBytes(StandardCharsets.UTF_8))
                  .substring(0, 16);
      String name = batchId + "-" + replayId;
      DeliveryFiles.write(
          dir.getKey(),
          name,
          batchId,
          content.toString().getBytes(StandardCharsets.UTF_8),
          dir.getValue().size());
      batches.add(dir.getKey().resolve(name + ".csv") + " (batch " + batchId + ")");
    }
    return "delivered again as " + String.join(", ", batches);
  }

  /** {@code file:/landing/.../x.csv:12} -> the file. */
  private static Path file(String position) {
    String uri = position.substring(0, position.lastIndexOf(':'));
    if (!uri.startsWith("file:")) {
      throw new IllegalArgumentException(
          "only deliveries on a local file system can be replayed, not " + uri);
    }
    return Path.of(URI.create(uri));
  }
}
