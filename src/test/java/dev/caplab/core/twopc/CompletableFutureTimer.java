package dev.caplab.core.twopc;

/** Times a blocking action, in milliseconds. */
final class CompletableFutureTimer {

  private CompletableFutureTimer() {}

  static long time(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
