package dev.caplab.core.history;

import java.util.Objects;

/**
 * One client operation of a history (DESIGN §2 "history"): who, what, on which key, with which
 * value, when it was invoked and completed (microseconds on one clock), and how it ended. For a
 * put, value is what it wrote (never null); for a get, what it returned (null = not found; a get
 * that did not answer carries no value). Immutable.
 */
public record Operation(
    String process,
    Type type,
    String key,
    String value,
    long invokeMicros,
    long completeMicros,
    Outcome outcome) {

  /** The two operations of a register. */
  public enum Type {
    PUT,
    GET
  }

  /** How an operation ended. */
  public enum Outcome {
    /** Answered: a put took effect, a get returned value. */
    OK,
    /** Certainly had no effect. */
    FAIL,
    /**
     * Timed out or failed in a way that may still take effect: a put may be applied any time after
     * its invocation, or never.
     */
    UNKNOWN
  }

  public Operation {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(outcome, "outcome");
    if (type == Type.PUT && value == null) {
      throw new IllegalArgumentException(
          "a put writes a value; null is only what a get of a missing key returns");
    }
    if (completeMicros < invokeMicros) {
      throw new IllegalArgumentException(
          "completed at " + completeMicros + " before its invocation at " + invokeMicros);
    }
  }

  public static Operation put(
      String process,
      String key,
      String value,
      long invokeMicros,
      long completeMicros,
      Outcome outcome) {
    return new Operation(process, Type.PUT, key, value, invokeMicros, completeMicros, outcome);
  }

  public static Operation get(
      String process,
      String key,
      String value,
      long invokeMicros,
      long completeMicros,
      Outcome outcome) {
    return new Operation(process, Type.GET, key, value, invokeMicros, completeMicros, outcome);
  }

  public boolean isPut() {
    return type == Type.PUT;
  }

  /**
   * {@code put(color, red)} or {@code get(color) → blue}; a get of a missing key reads {@code →
   * null}.
   */
  public String describe() {
    return type == Type.PUT ? "put(" + key + ", " + value + ")" : "get(" + key + ") → " + value;
  }

  @Override
  public String toString() {
    return process
        + " "
        + describe()
        + " ["
        + invokeMicros
        + ", "
        + completeMicros
        + "] "
        + outcome.name().toLowerCase();
  }
}
