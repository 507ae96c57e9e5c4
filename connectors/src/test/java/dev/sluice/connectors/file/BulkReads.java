package dev.sluice.connectors.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;

/** Drains a bulk-format reader in a test, keeping each record's checkpoint position. */
final class BulkReads {

  private BulkReads() {}

  static <T> List<RecordAndPosition<T>> readAll(BulkFormat.Reader<T> reader) throws IOException {
    List<RecordAndPosition<T>> all = new ArrayList<>();
    BulkFormat.RecordIterator<T> batch;
    while ((batch = reader.readBatch()) != null) {
      RecordAndPosition<T> next;
      while ((next = batch.next()) != null) {
        all.add(
            new RecordAndPosition<>(next.getRecord(), next.getOffset(), next.getRecordSkipCount()));
      }
      batch.releaseBatch();
    }
    reader.close();
    return all;
  }
}
