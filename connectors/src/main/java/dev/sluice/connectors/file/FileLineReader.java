package dev.sluice.connectors.file;

import dev.sluice.connectors.deadletter.Digests;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

/** Reads one file's lines in batches for {@link FileLineFormat}. */
final class FileLineReader implements BulkFormat.Reader<FileLine> {

  private final String path;
  private final InputStream in;
  private final int maxLineBytes;
  private final int batchLines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long offset;
  private long lineNumber;
  private boolean eof;

  FileLineReader(Path file, long skipLines, int maxLineBytes, int batchLines) throws IOException {
    this(file.toString(), file.getFileSystem().open(file), maxLineBytes, batchLines);
    for (long i = 0; i < skipLines && !eof; i++) {
      next();
    }
  }

  /** Reads {@code in}, naming it {@code path}; for a caller that also digests the bytes. */
  FileLineReader(String path, InputStream in, int maxLineBytes, int batchLines) {
    this.path = path;
    this.in = new BufferedInputStream(in, 64 * 1024);
    this.maxLineBytes = maxLineBytes;
    this.batchLines = batchLines;
  }

  @Override
  public BulkFormat.RecordIterator<FileLine> readBatch() throws IOException {
    long before = lineNumber;
    FileLine[] batch = new FileLine[batchLines];
    int n = 0;
    while (n < batchLines) {
      FileLine next = next();
      if (next == null) {
        break;
      }
      batch[n++] = next;
    }
    if (n == 0) {
      return null;
    }
    ArrayResultIterator<FileLine> iterator = new ArrayResultIterator<>();
    iterator.set(batch, n, CheckpointedPosition.NO_OFFSET, before);
    return iterator;
  }

  /** The next line, or null at the end of the file. */
  FileLine next() throws IOException {
    if (eof) {
      return null;
    }
    line.reset();
    long start = offset;
    MessageDigest overlong = null;
    boolean sawAny = false;
    int b;
    while ((b = in.read()) != -1) {
      offset++;
      sawAny = true;
      if (b == '\n') {
        break;
      }
      if (line.size() < maxLineBytes) {
        line.write(b);
      } else {
        if (overlong == null) {
          overlong = Digests.sha256();
          overlong.update(line.toByteArray());
        }
        overlong.update((byte) b);
      }
    }
    boolean truncated = overlong != null;
    if (b == -1) {
      eof = true;
      if (!sawAny) {
        return null;
      }
    }
    byte[] bytes = line.toByteArray();
    int from = 0;
    int to = bytes.length;
    if (to > 0 && bytes[to - 1] == '\r' && !truncated) {
      to--;
    }
    FileLine result = new FileLine();
    result.path = path;
    result.lineNumber = ++lineNumber;
    result.byteOffset = start;
    result.truncated = truncated;
    if (truncated) {
      result.fullBytes = offset - start - (b == '\n' ? 1 : 0);
      result.sha256 = HexFormat.of().formatHex(overlong.digest());
    }
    if (lineNumber == 1
        && to >= 3
        && bytes[0] == (byte) 0xEF
        && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      result.hadBom = true;
      from = 3;
    }
    ByteBuffer content = ByteBuffer.wrap(bytes, from, to - from);
    try {
      result.text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(content)
              .toString();
    } catch (CharacterCodingException e) {
      result.malformedUtf8 = true;
      result.text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
    return result;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
