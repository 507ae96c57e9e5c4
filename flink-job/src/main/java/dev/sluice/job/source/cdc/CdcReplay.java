package dev.sluice.job.source.cdc;

import dev.sluice.connectors.postgres.PostgresCatalog;
import dev.sluice.connectors.postgres.PostgresEndpoint;
import dev.sluice.job.definition.SourceDef;
import dev.sluice.job.factory.LetterReplay;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays the dead letters of a postgres-cdc source by touching their rows at the source ({@code
 * UPDATE t SET k = k}): the WAL carries each row again as it stands now, and the job stages it. A
 * row deleted since has nothing to replay; touching a row twice restages the same row, which the
 * upsert absorbs.
 */
final class CdcReplay implements LetterReplay {

  private static final Pattern POSITION = Pattern.compile("table=(\\S+) key=(\\S+)");

  @Override
  public String replay(SourceDef def, List<Letter> letters, String replayId) throws Exception {
    PostgresEndpoint source = CdcSource.endpoint(def);
    Map<String, List<String>> keys = new HashMap<>();
    int touched = 0;
    int gone = 0;
    try (Connection c = source.connect()) {
      for (Letter letter : letters) {
        Matcher m = POSITION.matcher(letter.position());
        if (!m.find()) {
          throw new IllegalArgumentException(
              "not a change-event position: " + letter.position() + " (" + letter.source() + ")");
        }
        String table = m.group(1);
        List<String> key = keys.computeIfAbsent(table, t -> PostgresCatalog.primaryKey(source, t));
        String[] values = m.group(2).split("/", -1);
        if (values.length != key.size()) {
          throw new IllegalArgumentException(
              "key " + m.group(2) + " of " + letter.position() + " does not match " + key);
        }
        StringBuilder sql =
            new StringBuilder("UPDATE ")
                .append(table)
                .append(" SET ")
                .append(key.get(0))
                .append(" = ")
                .append(key.get(0))
                .append(" WHERE ");
        for (int i = 0; i < key.size(); i++) {
          sql.append(i == 0 ? "" : " AND ").append(key.get(i)).append("::text = ?");
        }
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
          for (int i = 0; i < values.length; i++) {
            st.setString(i + 1, values[i]);
          }
          int n = st.executeUpdate();
          touched += n;
          gone += n == 0 ? 1 : 0;
        }
      }
    }
    return "touched " + touched + " rows at the source (" + gone + " no longer there)";
  }
}
