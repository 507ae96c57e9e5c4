package dev.sluice.job.source.files;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A CSV file's header: where each contract field is, which are missing, which are new. */
final class CsvHeader {

  /** The header's column names, in file order. */
  final List<String> names = new ArrayList<>();

  /** Contract fields the header does not have (and no partition directory fills). */
  final List<String> missing = new ArrayList<>();

  /** Header columns the contract does not know, in file order. */
  final List<String> added = new ArrayList<>();

  private final Map<String, Integer> index = new HashMap<>();

  /**
   * @param fields the record fields the contract reads
   * @param filled the fields a partition directory supplies when the file lacks them
   */
  CsvHeader(String text, Collection<String> fields, Collection<String> filled) {
    for (String name : (text == null ? "" : text).strip().split(",", -1)) {
      String column = name.strip();
      index.putIfAbsent(column, names.size());
      names.add(column);
      if (!fields.contains(column)) {
        added.add(column);
      }
    }
    for (String field : fields) {
      if (!index.containsKey(field) && !filled.contains(field)) {
        missing.add(field);
      }
    }
  }

  /** The cell of {@code column} in a row split by this header, or null when it has none. */
  String cell(String[] cells, String column) {
    Integer i = index.get(column);
    return i == null ? null : cells[i];
  }
}
