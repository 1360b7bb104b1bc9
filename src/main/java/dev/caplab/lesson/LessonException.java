package dev.caplab.lesson;

/**
 * A lesson file that cannot be used; the message names the file, the line when known, and the fix.
 */
public final class LessonException extends Exception {

  public LessonException(String message) {
    super(message);
  }

  public LessonException(String message, Throwable cause) {
    super(message, cause);
  }
}
