package dev.caplab.lesson;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A put or get the lesson (or its load) sent: what was asked, when, and its result once it arrives.
 * Times are microseconds on one monotonic clock, for the history. Thread-safe (the result is a
 * future).
 */
final class Operation {

  /**
   * How an operation ended: an outcome word of {@link Expectation}, the value a get returned, the
   * message.
   */
  record Result(String outcome, Optional<String> value, String detail, long completeMicros) {

    boolean ok() {
      return Expectation.OK.equals(outcome) || Expectation.NOT_FOUND.equals(outcome);
    }

    @Override
    public String toString() {
      if (Expectation.OK.equals(outcome) && value.isPresent()) {
        return "ok, value '" + value.get() + "'";
      }
      return detail.isEmpty() ? outcome : outcome + " (" + detail + ")";
    }
  }

  final String process;
  final String op;
  final String node;
  final String key;
  final String value; // written by a put; null for a get
  final long invokeMicros;
  final CompletableFuture<Result> result;

  Operation(
      String process,
      String op,
      String node,
      String key,
      String value,
      long invokeMicros,
      CompletableFuture<Result> result) {
    this.process = process;
    this.op = op;
    this.node = node;
    this.key = key;
    this.value = value;
    this.invokeMicros = invokeMicros;
    this.result = result;
  }

  String describe() {
    return op + " " + key + (value == null ? "" : "=" + value) + " on " + node;
  }
}
