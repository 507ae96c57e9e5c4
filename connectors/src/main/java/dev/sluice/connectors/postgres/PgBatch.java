package dev.sluice.connectors.postgres;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * The committable of the exactly-once Postgres sink: the tag of one writer's staged rows for one
 * checkpoint — not the rows — so checkpoint state stays small.
 */
public final class PgBatch {

  final String batchId;
  final int subtask;
  final long checkpointId;
  final long rows;
  final List<String> tables;

  /** True when every key occurs once per table in the batch, so the merge can skip dedupe. */
  final boolean uniqueKeys;

  PgBatch(
      String batchId,
      int subtask,
      long checkpointId,
      long rows,
      List<String> tables,
      boolean uniqueKeys) {
    this.batchId = batchId;
    this.subtask = subtask;
    this.checkpointId = checkpointId;
    this.rows = rows;
    this.tables = List.copyOf(tables);
    this.uniqueKeys = uniqueKeys;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PgBatch && ((PgBatch) o).batchId.equals(batchId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(batchId);
  }

  @Override
  public String toString() {
    return batchId + " (" + rows + " rows in " + tables + ")";
  }

  /** Serializes batches into checkpoints. */
  static final class Serializer implements SimpleVersionedSerializer<PgBatch> {

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(PgBatch batch) throws IOException {
      DataOutputSerializer out = new DataOutputSerializer(128);
      out.writeUTF(batch.batchId);
      out.writeInt(batch.subtask);
      out.writeLong(batch.checkpointId);
      out.writeLong(batch.rows);
      out.writeInt(batch.tables.size());
      for (String table : batch.tables) {
        out.writeUTF(table);
      }
      out.writeBoolean(batch.uniqueKeys);
      return out.getCopyOfBuffer();
    }

    @Override
    public PgBatch deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1) {
        throw new IOException("Unknown PgBatch serialization version " + version);
      }
      DataInputDeserializer in = new DataInputDeserializer(bytes);
      String batchId = in.readUTF();
      int subtask = in.readInt();
      long checkpointId = in.readLong();
      long rows = in.readLong();
      int n = in.readInt();
      List<String> tables = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tables.add(in.readUTF());
      }
      return new PgBatch(batchId, subtask, checkpointId, rows, tables, in.readBoolean());
    }
  }
}
