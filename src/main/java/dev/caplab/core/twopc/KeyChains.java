package dev.caplab.core.twopc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one after another per key and in parallel across keys. Thread-safe; holds
 * no lock while a task runs, so a put on one key never waits for a put on another.
 */
final class KeyChains {

  private final ConcurrentHashMap<String, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  /** Starts task once every earlier task on key has finished; the result is the task's. */
  <T> CompletableFuture<T> run(String key, Supplier<CompletableFuture<T>> task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<?> previous = tails.put(key, done);
    Runnable start =
        () -> {
          CompletableFuture<T> running;
          try {
            running = task.get();
          } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
          }
          running.whenComplete(
              (value, error) -> {
                tails.remove(key, done);
                done.complete(null);
                if (error != null) {
                  result.completeExceptionally(error);
                } else {
                  result.complete(value);
                }
              });
        };
    if (previous == null) {
      start.run();
    } else {
      previous.whenComplete((v, e) -> start.run());
    }
    return result;
  }

  /** Keys with a task running or queued (for tests and the inspector). */
  int busyKeys() {
    return tails.size();
  }
}
