package dev.sluice.connectors.text;

import dev.sluice.connectors.deadletter.Digests;
import java.nio.charset.StandardCharsets;

/**
 * Text as every sink can store it: Postgres text holds no NUL and UTF-8 no unpaired surrogate.
 * Evidence (a dead letter's detail, payload, position) is kept escaped; data is checked instead.
 */
public final class WritableText {

  private WritableText() {}

  /**
   * {@code text} with NUL, the other C0 controls but tab, line feed and carriage return, and
   * unpaired UTF-16 surrogates written as {@code \}{@code uXXXX}; null stays null.
   */
  public static String escape(String text) {
    if (text == null || firstEscaped(text, true) < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isSurrogatePair(text, i)) {
        out.append(c).append(text.charAt(++i));
      } else if (escaped(c, true)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code text} escaped and cut to at most {@code maxChars}: a cut value ends with the length and
   * SHA-256 of the whole, so it still identifies it (and stays within an index's limit).
   */
  public static String escapeAndBound(String text, int maxChars) {
    String escaped = escape(text);
    if (escaped == null || escaped.length() <= maxChars) {
      return escaped;
    }
    String tail =
        "...["
            + escaped.length()
            + " chars, sha256 "
            + Digests.sha256Hex(escaped.getBytes(StandardCharsets.UTF_8))
            + "]";
    int keep = Math.max(0, maxChars - tail.length());
    if (keep > 0 && Character.isHighSurrogate(escaped.charAt(keep - 1))) {
      keep--;
    }
    return escaped.substring(0, keep) + tail;
  }

  /**
   * Why {@code text} cannot be stored as data (it holds NUL or an unpaired surrogate; other control
   * characters are stored as they are), naming the character and its index; else null.
   */
  public static String problem(String text) {
    int at = text == null ? -1 : firstEscaped(text, false);
    if (at < 0) {
      return null;
    }
    char c = text.charAt(at);
    String what =
        Character.isSurrogate(c)
            ? "an unpaired UTF-16 surrogate, which UTF-8 cannot encode"
            : "the NUL character, which Postgres text cannot hold";
    return String.format("holds U+%04X (%s) at character %d", (int) c, what, at);
  }

  private static int firstEscaped(String text, boolean controls) {
    for (int i = 0; i < text.length(); i++) {
      if (isSurrogatePair(text, i)) {
        i++;
      } else if (escaped(text.charAt(i), controls)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSurrogatePair(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  /** NUL and unpaired surrogates; with {@code controls}, every C0 control but tab, LF and CR. */
  private static boolean escaped(char c, boolean controls) {
    return c == 0
        || Character.isSurrogate(c)
        || (controls && c < 0x20 && c != '\t' && c != '\n' && c != '\r');
  }
}
