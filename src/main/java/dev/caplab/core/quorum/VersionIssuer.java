package dev.caplab.core.quorum;

import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the versions this node's puts write, never the same one twice for a key, even across a
 * crash: two puts with one version and different values would leave replicas that disagree forever.
 * In memory, the last counter issued per key keeps concurrent puts apart. Across restarts, a
 * durable bound (store metadata, raised in blocks) covers every counter ever issued, and a
 * restarted node issues above it: a write cut off by the crash may sit on some replica without
 * being on the node's own disk. Thread-safe.
 */
final class VersionIssuer {

  static final String BOUND_META = "quorum.issued-bound";
  private static final long BLOCK = 64;

  private final String self;
  private final DurableStore store;
  private final long floor;
  private final ConcurrentHashMap<String, Long> lastIssued = new ConcurrentHashMap<>();
  private final AtomicLong durableBound;
  private final Object raiseLock = new Object();
  private long requestedBound; // guarded by raiseLock
  private CompletableFuture<Void> lastRaise =
      CompletableFuture.completedFuture(null); // guarded by raiseLock

  VersionIssuer(String self, DurableStore store) {
    this.self = self;
    this.store = store;
    this.floor = store.getMeta(BOUND_META).map(Long::parseLong).orElse(0L);
    this.durableBound = new AtomicLong(floor);
    this.requestedBound = floor;
  }

  /** A version above newestSeen, once the durable bound covers it. */
  CompletableFuture<Version> issue(String key, Version newestSeen) {
    long counter =
        lastIssued.merge(
            key,
            Math.max(newestSeen.counter(), floor) + 1,
            (last, candidate) -> Math.max(last + 1, candidate));
    Version version = new Version(counter, self);
    if (counter <= durableBound.get()) {
      return CompletableFuture.completedFuture(version);
    }
    return raiseTo(counter).thenApply(done -> version);
  }

  private CompletableFuture<Void> raiseTo(long counter) {
    synchronized (raiseLock) {
      if (counter <= requestedBound) {
        // Raises reach the log in order, so the latest one being durable implies every earlier one
        // is.
        return lastRaise;
      }
      long target = counter + BLOCK;
      requestedBound = target;
      lastRaise =
          store
              .putMeta(BOUND_META, Long.toString(target))
              .thenRun(() -> durableBound.accumulateAndGet(target, Math::max));
      return lastRaise;
    }
  }
}
