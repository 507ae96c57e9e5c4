package dev.sluice.job.staging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A settlement file's header: where each contract column is, which are missing, which are new. */
final class SettlementHeader {

  /** The contract's columns, in their documented order. */
  static final List<String> COLUMNS =
      List.of("payment_id", "order_id", "tenant_id", "amount", "currency", "settled_at");

  /** The header's column names, in file order. */
  final List<String> names = new ArrayList<>();

  /** Contract columns the header does not have. */
  final List<String> missing = new ArrayList<>();

  /** Header columns the contract does not know, in file order. */
  final List<String> added = new ArrayList<>();

  private final Map<String, Integer> index = new HashMap<>();

  SettlementHeader(String text) {
    for (String name : (text == null ? "" : text).strip().split(",", -1)) {
      String column = name.strip();
      index.putIfAbsent(column, names.size());
      names.add(column);
      if (!COLUMNS.contains(column)) {
        added.add(column);
      }
    }
    for (String column : COLUMNS) {
      if (!index.containsKey(column)) {
        missing.add(column);
      }
    }
  }

  /** The cell of {@code column} in a row split by this header. */
  String cell(String[] cells, String column) {
    return cells[index.get(column)];
  }
}
