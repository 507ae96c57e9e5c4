package dev.sluice.connectors.file;

import java.util.ArrayList;
import java.util.List;

/**
 * One delivery: a data file and the manifest that commits it — batch id, declared rows and SHA-256
 * — with the file's lines when the delivery holds, or the problem when it does not.
 */
public class FileBatch {

  /** The manifest, as the file system names it; the delivery's position (an orphan's: its file). */
  public String manifestPath;

  /**
   * When the manifest was put in place (its modification time, epoch millis): the order of the
   * versions of a batch, however the deliveries are read.
   */
  public long deliveredAt;

  /** The manifest's text (an orphan's: its file's), cut at 64 KiB; a dead letter's payload. */
  public String manifestText;

  /** The data file, as the file system names it; null when the manifest names none. */
  public String dataPath;

  /** The batch id the manifest declares; null when it declares none. */
  public String batchId;

  /** The SHA-256 the manifest declares (lower-case hex). */
  public String sha256;

  /** Data rows the manifest declares. */
  public long declaredRows;

  /** Data rows the file holds (lines after the header). */
  public long actualRows;

  /** The file's lines, header included; empty for a rejected delivery. */
  public List<FileLine> lines = new ArrayList<>();

  /** Null for a delivery that holds; else why not. */
  public BatchProblem problem;

  /** What is wrong, naming the manifest, the field and the values. */
  public String problemDetail;

  /** For Flink's POJO serializer. */
  public FileBatch() {}

  @Override
  public String toString() {
    return "FileBatch{"
        + batchId
        + " "
        + manifestPath
        + (problem == null ? " " + actualRows + " rows" : " " + problem + ": " + problemDetail)
        + "}";
  }
}
