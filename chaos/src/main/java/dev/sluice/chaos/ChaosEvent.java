package dev.sluice.chaos;

/**
 * One fault the harness caused and how the pipeline came back from it.
 *
 * @param what e.g. {@code kill -9 taskmanager-3}
 * @param when how it was timed, e.g. {@code during checkpoint 41} or {@code random moment}
 * @param atMillis when it happened, since the load started
 * @param downMillis how long the server was away (0 for a kill: the replacement is a new JVM)
 * @param recoveryMillis fault to output moving again (a new Kafka transaction of the job
 *     committed), or -1 if it did not recover within the deadline
 * @param jobRestarts how many times the job restarted because of it
 * @param timed whether it happened as timed: a kill meant for a checkpoint landed during one
 */
public record ChaosEvent(
    String what,
    String when,
    long atMillis,
    long downMillis,
    long recoveryMillis,
    long jobRestarts,
    boolean timed) {

  boolean recovered() {
    return recoveryMillis >= 0;
  }
}
