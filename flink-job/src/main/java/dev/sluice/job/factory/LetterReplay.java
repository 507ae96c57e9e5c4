package dev.sluice.job.factory;

import dev.sluice.job.definition.SourceDef;
import java.util.List;

/** How a source type re-injects dead letters once their cause is fixed ({@code dlq replay}). */
@FunctionalInterface
public interface LetterReplay {

  /** A dead letter chosen for replay, as the dead-letter table holds it. */
  record Letter(String source, String position, String reason, String payload) {}

  /**
   * Re-injects {@code letters} of {@code source} the way it allows; returns what was done, for the
   * replay's record.
   *
   * @param replayId names this replay (a batch of re-delivered files carries it)
   */
  String replay(SourceDef source, List<Letter> letters, String replayId) throws Exception;
}
