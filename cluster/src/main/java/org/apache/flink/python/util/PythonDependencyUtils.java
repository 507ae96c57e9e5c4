package org.apache.flink.python.util;

import org.apache.commons.cli.CommandLine;
import org.apache.flink.configuration.Configuration;

/**
 * Stands in for PyFlink's option parser, which the Flink 1.20 SQL client looks up by name on every
 * start (even without Python options) and fails without. PyFlink is not on the cluster's classpath
 * (no flink-dist here), so there are no Python options to parse: the answer is empty.
 */
public final class PythonDependencyUtils {

  private PythonDependencyUtils() {}

  /** No Python dependencies: an empty configuration. */
  public static Configuration parsePythonDependencyConfiguration(CommandLine commandLine) {
    return new Configuration();
  }
}
