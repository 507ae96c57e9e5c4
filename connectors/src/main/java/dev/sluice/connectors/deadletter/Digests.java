package dev.sluice.connectors.deadletter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers, and the detail sentence of a payload that was cut. */
public final class Digests {

  private Digests() {}

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of {@code bytes}, lower-case hex. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** "N bytes (sha256 X); the payload holds its first K bytes": for a dead letter's detail. */
  public static String cut(long fullBytes, String sha256, long keptBytes) {
    return fullBytes
        + " bytes (sha256 "
        + sha256
        + "); the payload holds only its first "
        + Math.min(keptBytes, DeadLetter.MAX_PAYLOAD_CHARS)
        + " bytes";
  }
}
