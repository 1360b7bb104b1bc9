package dev.caplab.core.history;

/** A history file that cannot be read; the message names the file, the line and what to fix. */
public final class HistoryFormatException extends Exception {

  private final int line;

  HistoryFormatException(String message, int line) {
    super(message);
    this.line = line;
  }

  /** 1-based line of the problem. */
  public int line() {
    return line;
  }
}
