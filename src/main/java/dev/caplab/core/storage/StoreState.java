package dev.caplab.core.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * In-memory state of a DurableStore. Reads are thread-safe from any thread; mutations come only
 * from the log's writer thread (or replay before it starts), one record at a time under a lock, so
 * copies taken under the same lock match a prefix of the log.
 */
final class StoreState implements StoreRecords.Handler {

  private static final Comparator<Map.Entry<String, Versioned>> BY_VERSION =
      Comparator.<Map.Entry<String, Versioned>, Version>comparing(e -> e.getValue().version())
          .thenComparing(Map.Entry::getKey);

  private final ConcurrentHashMap<String, Versioned> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, String> meta = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private volatile long maxCounter;

  /** Stores value if its version is newer than the current one; returns whether it did. */
  boolean applyPut(String key, Versioned value) {
    synchronized (lock) {
      Versioned current = entries.get(key);
      if (current != null && !value.version().isNewerThan(current.version())) {
        return false;
      }
      entries.put(key, value);
      maxCounter = Math.max(maxCounter, value.version().counter());
      return true;
    }
  }

  void applyMeta(String name, String value) {
    synchronized (lock) {
      meta.put(name, value);
    }
  }

  void applyRecord(byte[] record) {
    StoreRecords.decode(record, this);
  }

  @Override
  public void put(String key, Versioned value) {
    applyPut(key, value);
  }

  @Override
  public void meta(String name, String value) {
    applyMeta(name, value);
  }

  Optional<Versioned> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  Version version(String key) {
    Versioned current = entries.get(key);
    return current == null ? Version.ZERO : current.version();
  }

  Optional<String> getMeta(String name) {
    return Optional.ofNullable(meta.get(name));
  }

  int size() {
    return entries.size();
  }

  long maxCounter() {
    return maxCounter;
  }

  SortedMap<String, Versioned> snapshot() {
    synchronized (lock) {
      return new TreeMap<>(entries);
    }
  }

  SortedMap<String, String> metaSnapshot() {
    synchronized (lock) {
      return new TreeMap<>(meta);
    }
  }

  List<Map.Entry<String, Versioned>> entriesNewerThan(long counter) {
    List<Map.Entry<String, Versioned>> newer = new ArrayList<>();
    synchronized (lock) {
      entries.forEach(
          (key, value) -> {
            if (value.version().counter() > counter) {
              newer.add(Map.entry(key, value));
            }
          });
    }
    newer.sort(BY_VERSION);
    return newer;
  }

  /**
   * Every entry and meta value as log records, encoded lazily while iterated. Only consistent when
   * iterated on the writer thread, which is the only mutator - where compaction runs.
   */
  Iterable<byte[]> asRecords() {
    return () ->
        Stream.concat(
                entries.entrySet().stream().map(e -> StoreRecords.put(e.getKey(), e.getValue())),
                meta.entrySet().stream().map(e -> StoreRecords.meta(e.getKey(), e.getValue())))
            .iterator();
  }
}
