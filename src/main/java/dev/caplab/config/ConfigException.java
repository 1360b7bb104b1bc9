package dev.caplab.config;

/**
 * A config file that cannot be used; the message names the file, the line when known, and the fix.
 */
public final class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
