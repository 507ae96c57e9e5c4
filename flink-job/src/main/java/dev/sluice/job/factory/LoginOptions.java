package dev.sluice.job.factory;

import static org.apache.flink.configuration.ConfigOptions.key;

import org.apache.flink.configuration.ConfigOption;

/** The options every source and sink type that logs in to a server takes for its credentials. */
public final class LoginOptions {

  private LoginOptions() {}

  public static final ConfigOption<String> USERNAME =
      key("username")
          .stringType()
          .defaultValue("postgres")
          .withDescription("The role to log in as.");

  public static final ConfigOption<String> PASSWORD_ENV =
      key("password-env")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Environment variable holding the password (unset variable: no password). A"
                  + " password is never written in the pipeline file.");

  public static final ConfigOption<String> PASSWORD_FILE =
      key("password-file")
          .stringType()
          .noDefaultValue()
          .withDescription("File holding the password, when no password-env is given.");
}
