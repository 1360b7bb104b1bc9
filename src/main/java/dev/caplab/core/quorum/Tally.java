package dev.caplab.core.quorum;

import java.util.Map;

/**
 * The replies a quorum phase gathered (in arrival order) and the votes they carry, with credited
 * ones.
 */
record Tally<R>(Map<String, R> replies, int votes) {

  Tally {
    replies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(replies));
  }
}
