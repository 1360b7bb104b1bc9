package dev.caplab.core.twopc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on the injected scheduler. Stateless; thread-safe. */
final class Timeouts {

  private Timeouts() {}

  /** A copy of future that fails with TimeoutException after max; future itself is left alone. */
  static <T> CompletableFuture<T> within(
      CompletableFuture<T> future, Duration max, ScheduledExecutorService scheduler) {
    if (future.isDone()) {
      return future.copy();
    }
    CompletableFuture<T> bounded = future.copy();
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () ->
                bounded.completeExceptionally(
                    new TimeoutException("no outcome within " + max.toMillis() + " ms")),
            max.toMillis(),
            TimeUnit.MILLISECONDS);
    bounded.whenComplete((v, e) -> timer.cancel(false));
    return bounded;
  }

  /** Completes after delay. */
  static CompletableFuture<Void> after(Duration delay, ScheduledExecutorService scheduler) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    scheduler.schedule(
        () -> done.complete(null), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    return done;
  }
}
