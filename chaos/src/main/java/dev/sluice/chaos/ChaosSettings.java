package dev.sluice.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one chaos run does: how long the live load runs, how many TaskManager kills it spreads over
 * that time (a Kafka broker restart and a Postgres restart come on top), its random seed, where it
 * keeps its servers' data and which job jar and cluster classpath it runs.
 */
public record ChaosSettings(
    Path workDir,
    Duration load,
    int kills,
    long seed,
    int taskManagers,
    Path jobJar,
    String clusterClasspath,
    PrintStream out) {}
