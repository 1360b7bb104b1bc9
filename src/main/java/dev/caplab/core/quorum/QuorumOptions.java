package dev.caplab.core.quorum;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a quorum replica needs of the cluster config, so that core depends on no config classes.
 * Immutable.
 *
 * @param selfId this node
 * @param weights every node's votes, in config order
 * @param readQuorum votes a read needs
 * @param writeQuorum votes a write needs
 * @param requestTimeout how long a coordinator waits for votes
 * @param maxValueBytes the largest value a node accepts (bounds anti-entropy pages)
 * @param source where these settings came from, for error messages
 */
public record QuorumOptions(
    String selfId,
    Map<String, Integer> weights,
    int readQuorum,
    int writeQuorum,
    Duration requestTimeout,
    int maxValueBytes,
    String source) {

  public QuorumOptions {
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    if (!weights.containsKey(selfId)) {
      throw new IllegalArgumentException(
          "node " + selfId + " is not among " + weights.keySet() + " in " + source);
    }
  }

  List<String> peers() {
    return weights.keySet().stream().filter(id -> !id.equals(selfId)).toList();
  }

  int totalWeight() {
    return weights.values().stream().mapToInt(Integer::intValue).sum();
  }
}
