package dev.sluice.job.source.files;

import dev.sluice.connectors.file.DeliveryFiles;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import dev.sluice.job.source.files.FilesOptions.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays the line dead letters of a files source as new deliveries: the lines of each partition
 * directory written next to their original file as one batch with a manifest (under the original
 * file's header, for CSV), under a name of this replay. The batch id is derived from the letters'
 * positions, so replaying the same letters again delivers the same batch once more, which the
 * ledger counts and skips (DUPLICATE).
 */
final class FilesReplay implements LetterReplay {

  @Override
  public String replay(SourceDef source, List<Letter> letters, String replayId) throws Exception {
    boolean csv = source.options().get(FilesOptions.FORMAT) == Format.CSV;
    Map<Path, List<Letter>> byDir = new TreeMap<>();
    for (Letter letter : letters) {
      if (!letter.source().equals(source.name())) {
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
    for (Map.Entry<Path, List<Letter>> dir : byDir.entrySet()) {
      StringBuilder positions = new StringBuilder();
      StringBuilder content = new StringBuilder();
      if (csv) {
        content.append(header(file(dir.getValue().get(0).position()))).append('\n');
      }
      for (Letter letter : dir.getValue()) {
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

  /** The first line of the file a letter came from: its header. */
  private static String header(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          file + " is gone, and with it the header its lines were written under");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      return header == null ? "" : header.replace("\uFEFF", "");
    }
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
