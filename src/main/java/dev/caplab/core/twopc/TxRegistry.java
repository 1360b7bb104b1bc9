package dev.caplab.core.twopc;

import dev.caplab.core.storage.DurableStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The master's commit sequence numbers: hands them out, tracks which transactions are still
 * undecided, and tells when every transaction up to a number is decided. Thread-safe (one monitor,
 * held briefly).
 *
 * <p>A number that a slave may have seen must never name another transaction after a crash, so
 * numbers are reserved in durable blocks (store metadata): a restarted master continues above the
 * last block.
 */
final class TxRegistry {

  static final String RESERVED_META = "twopc.seq-reserved";
  static final long BLOCK = 100_000;

  private final DurableStore store;
  private final TreeSet<Long> inFlight = new TreeSet<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long lastAllocated;
  private long reserved;
  private CompletableFuture<Void> reserving;

  private record Waiter(long upTo, CompletableFuture<Void> future) {}

  TxRegistry(DurableStore store) {
    this.store = store;
    long persisted = store.getMeta(RESERVED_META).map(Long::parseLong).orElse(0L);
    this.lastAllocated = Math.max(persisted, store.maxCounter());
    this.reserved = lastAllocated;
  }

  /**
   * Allocates the next number and marks it undecided; {@code atomically} runs under the same
   * monitor (the participant snapshot), so a join sees each transaction either before or after.
   * Returns null when the durable reservation must grow first: wait for {@link #reservation()} and
   * try again.
   */
  synchronized <T> T begin(LongFunction<T> atomically) {
    if (lastAllocated >= reserved) {
      reserveMore();
      return null;
    }
    long seq = ++lastAllocated;
    inFlight.add(seq);
    if (reserved - lastAllocated < BLOCK / 2) {
      reserveMore();
    }
    return atomically.apply(seq);
  }

  /** Completes when the reservation in progress (if any) is durable. */
  synchronized CompletableFuture<Void> reservation() {
    if (reserving == null && lastAllocated >= reserved) {
      reserveMore();
    }
    return reserving == null ? CompletableFuture.completedFuture(null) : reserving;
  }

  /**
   * Runs {@code action} with the last allocated number, so that no transaction begins meanwhile.
   */
  synchronized <T> T atLastAllocated(LongFunction<T> action) {
    return action.apply(lastAllocated);
  }

  /** After a restart: a logged transaction whose outcome recovery still has to find out. */
  synchronized void adopt(long seq) {
    inFlight.add(seq);
  }

  /** The transaction is decided (its COMMIT is durable, or it aborted). */
  void finish(long seq) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    synchronized (this) {
      inFlight.remove(seq);
      long decided = decidedUpTo();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter waiter = it.next();
        if (waiter.upTo <= decided) {
          ready.add(waiter.future);
          it.remove();
        }
      }
    }
    ready.forEach(f -> f.complete(null)); // outside the monitor: callers continue on this thread
  }

  synchronized boolean isUndecided(long seq) {
    return inFlight.contains(seq);
  }

  /** Every transaction with a number up to this one is decided. */
  synchronized long decidedUpTo() {
    return inFlight.isEmpty() ? lastAllocated : inFlight.first() - 1;
  }

  /** Completes once every transaction up to {@code seq} is decided. */
  synchronized CompletableFuture<Void> whenDecidedUpTo(long seq) {
    if (decidedUpTo() >= seq) {
      return CompletableFuture.completedFuture(null);
    }
    Waiter waiter = new Waiter(seq, new CompletableFuture<>());
    waiters.add(waiter);
    return waiter.future;
  }

  private void reserveMore() {
    if (reserving != null) {
      return;
    }
    long target = Math.max(reserved, lastAllocated) + BLOCK;
    CompletableFuture<Void> pending = new CompletableFuture<>();
    reserving = pending;
    store
        .putMeta(RESERVED_META, Long.toString(target))
        .whenComplete(
            (v, error) -> {
              synchronized (this) {
                reserving = null;
                if (error == null) {
                  reserved = Math.max(reserved, target);
                }
              }
              if (error != null) {
                pending.completeExceptionally(error);
              } else {
                pending.complete(null);
              }
            });
  }
}
