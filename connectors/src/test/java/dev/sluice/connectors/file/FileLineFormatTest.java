package dev.sluice.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-line format: line endings, BOM, bad UTF-8, overlong lines, empty files, restore. */
class FileLineFormatTest {

  @TempDir Path temp;

  private FileSourceSplit split(byte[] content) throws IOException {
    Path file = temp.resolve("f.csv");
    Files.write(file, content);
    return new FileSourceSplit(
        "0", new org.apache.flink.core.fs.Path(file.toUri()), 0, content.length, 0, content.length);
  }

  private static List<RecordAndPosition<FileLine>> readAll(BulkFormat.Reader<FileLine> reader)
      throws IOException {
    return BulkReads.readAll(reader);
  }

  private static List<FileLine> lines(List<RecordAndPosition<FileLine>> all) {
    List<FileLine> lines = new ArrayList<>();
    all.forEach(r -> lines.add(r.getRecord()));
    return lines;
  }

  @Test
  void readsLinesWithNumbersOffsetsAndAnyLineEnding() throws Exception {
    byte[] content = "a,b\r\nc,d\n\nlast".getBytes();
    List<FileLine> lines =
        lines(readAll(new FileLineFormat().createReader(new Configuration(), split(content))));
    assertThat(lines)
        .extracting(l -> l.lineNumber + ":" + l.byteOffset + ":" + l.text)
        .containsExactly("1:0:a,b", "2:5:c,d", "3:9:", "4:10:last");
    assertThat(lines.get(0).path).endsWith("f.csv");
  }

  @Test
  void stripsABomAndFlagsInvalidUtf8AndOverlongLines() throws Exception {
    byte[] content = {
      (byte) 0xEF,
      (byte) 0xBB,
      (byte) 0xBF,
      'h',
      '\n',
      'x',
      (byte) 0xC3,
      (byte) 0x28,
      '\n',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '\n'
    };
    List<FileLine> lines =
        lines(readAll(new FileLineFormat(4).createReader(new Configuration(), split(content))));
    assertThat(lines.get(0).text).isEqualTo("h");
    assertThat(lines.get(0).hadBom).isTrue();
    assertThat(lines.get(1).malformedUtf8).isTrue();
    assertThat(lines.get(2).truncated).isTrue();
    assertThat(lines.get(2).text).isEqualTo("1234");
    assertThat(lines).hasSize(3);
  }

  @Test
  void anEmptyFileHasNoLines() throws Exception {
    assertThat(readAll(new FileLineFormat().createReader(new Configuration(), split(new byte[0]))))
        .isEmpty();
  }

  @Test
  void restoringFromACheckpointedPositionResumesWithExactLineNumbers() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      text.append("line-").append(i).append('\n');
    }
    FileSourceSplit split = split(text.toString().getBytes());
    List<RecordAndPosition<FileLine>> all =
        readAll(new FileLineFormat().createReader(new Configuration(), split));
    RecordAndPosition<FileLine> checkpointAfter = all.get(599);
    FileSourceSplit restored =
        split.updateWithCheckpointedPosition(
            new CheckpointedPosition(
                checkpointAfter.getOffset(), checkpointAfter.getRecordSkipCount()));
    List<FileLine> rest =
        lines(readAll(new FileLineFormat().restoreReader(new Configuration(), restored)));
    assertThat(rest).hasSize(400);
    assertThat(rest.get(0).lineNumber).isEqualTo(601);
    assertThat(rest.get(0).text).isEqualTo("line-601");
    assertThat(rest.get(0).byteOffset).isEqualTo(all.get(600).getRecord().byteOffset);
  }
}
