package dev.caplab.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong behind the wrappers that futures put around a failure. Stateless. */
public final class Failures {

  private Failures() {}

  /** The first cause that is not a CompletionException or ExecutionException wrapper. */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
