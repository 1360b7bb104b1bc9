package dev.caplab.core.quorum;

import dev.caplab.core.storage.Version;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per key, the highest version this node knows to be stored on a write quorum. Kept in memory only:
 * after a restart a node knows nothing stable, which only costs reads a write-back. Thread-safe.
 */
final class StableMarks {

  private final ConcurrentHashMap<String, Version> marks = new ConcurrentHashMap<>();

  void mark(String key, Version version) {
    if (version.equals(Version.ZERO)) {
      return;
    }
    marks.merge(key, version, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  /** {@link Version#ZERO} when nothing is known: "never written" is trivially on every quorum. */
  Version of(String key) {
    return marks.getOrDefault(key, Version.ZERO);
  }
}
