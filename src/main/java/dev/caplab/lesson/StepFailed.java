package dev.caplab.lesson;

/** A step could not be done, or what it expected did not hold; the message says what was seen. */
final class StepFailed extends Exception {

  StepFailed(String message) {
    super(message);
  }
}
