package dev.sluice.connectors.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes a delivery as a well-behaved producer does: the data file {@code name.csv}, then its
 * manifest (batch id, file, row count, SHA-256 of the bytes), each put in place atomically.
 */
public final class DeliveryFiles {

  private DeliveryFiles() {}

  public static void write(Path dir, String name, String batchId, byte[] content, long rows)
      throws IOException {
    String manifest =
        String.format(
            "{\"batch_id\": \"%s\", \"file\": \"%s.csv\", \"rows\": %d, \"sha256\": \"%s\"}%n",
            batchId, name, rows, sha256(content));
    atomically(dir.resolve(name + ".csv"), content);
    atomically(
        dir.resolve(name + FileBatchSources.MANIFEST_SUFFIX),
        manifest.getBytes(StandardCharsets.UTF_8));
  }

  /** Hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void atomically(Path file, byte[] content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(temp, content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
