package dev.sluice.connectors.file;

import java.util.Objects;

/** One line of a text file with where it came from: file, 1-based line number, byte offset. */
public class FileLine {

  /** The file, as the file system names it (e.g. {@code file:/landing/x.csv}). */
  public String path;

  /** 1-based line number. */
  public long lineNumber;

  /** Offset of the line's first byte in the file. */
  public long byteOffset;

  /** The line without its terminator; invalid UTF-8 bytes are shown as U+FFFD. */
  public String text;

  /** True when the line held bytes that are not valid UTF-8. */
  public boolean malformedUtf8;

  /** True when the file started with a UTF-8 byte order mark, stripped from this first line. */
  public boolean hadBom;

  /** True when the line was longer than the limit and {@link #text} holds only its start. */
  public boolean truncated;

  /** Bytes of the whole line when {@link #truncated}, else 0. */
  public long fullBytes;

  /** SHA-256 (hex) of the whole line when {@link #truncated}, else null. */
  public String sha256;

  /** For Flink's POJO serializer. */
  public FileLine() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FileLine)) {
      return false;
    }
    FileLine that = (FileLine) o;
    return lineNumber == that.lineNumber
        && byteOffset == that.byteOffset
        && malformedUtf8 == that.malformedUtf8
        && hadBom == that.hadBom
        && truncated == that.truncated
        && Objects.equals(path, that.path)
        && Objects.equals(text, that.text);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, lineNumber, byteOffset, text);
  }

  @Override
  public String toString() {
    return path + ":" + lineNumber + " " + text;
  }
}
