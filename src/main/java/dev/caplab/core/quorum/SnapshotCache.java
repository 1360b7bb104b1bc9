package dev.caplab.core.quorum;

import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;

/**
 * A recent copy of the store for anti-entropy, with a fingerprint of its keys and versions. Copying
 * the store costs time proportional to its size, so the pages of one pass (and the passes of
 * several peers) share a copy; a copy a moment old is fine because anti-entropy only speeds up
 * catch-up, quorums keep reads correct. Thread-safe.
 */
final class SnapshotCache {

  /** An immutable view of the store at one point of its log. */
  record Snapshot(SortedMap<String, Versioned> entries, long fingerprint, long takenMillis) {}

  private final DurableStore store;
  private final Clock clock;
  private Snapshot current; // guarded by this

  SnapshotCache(DurableStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  synchronized Snapshot recent(Duration maxAge) {
    long now = clock.millis();
    if (current == null || now - current.takenMillis() > maxAge.toMillis()) {
      SortedMap<String, Versioned> entries =
          java.util.Collections.unmodifiableSortedMap(store.snapshot());
      current = new Snapshot(entries, fingerprint(entries), now);
    }
    return current;
  }

  /** Order-independent hash of every key with its version: equal stores give equal fingerprints. */
  static long fingerprint(SortedMap<String, Versioned> entries) {
    long sum = 0;
    for (Map.Entry<String, Versioned> entry : entries.entrySet()) {
      sum += hash(entry.getKey(), entry.getValue().version());
    }
    return sum;
  }

  static long hash(String key, Version version) {
    long h = fnv(0xcbf29ce484222325L, key);
    h = mix(h ^ version.counter());
    h = fnv(h, version.nodeId());
    return mix(h);
  }

  private static long fnv(long seed, String text) {
    long h = seed;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix(h ^ text.length());
  }

  /** The finalizer of SplitMix64: spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
