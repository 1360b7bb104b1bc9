package dev.caplab.core.quorum;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The votes of each node and the quorums, in votes. Immutable. */
final class Weights {

  private final Map<String, Integer> byNode = new LinkedHashMap<>();
  private final int read;
  private final int write;

  Weights(QuorumOptions options) {
    byNode.putAll(options.weights());
    this.read = options.readQuorum();
    this.write = options.writeQuorum();
    int total = options.totalWeight();
    if (read < 1 || write < 1 || read > total || write > total) {
      throw new IllegalArgumentException(
          "quorums must be between 1 and the total weight "
              + total
              + ": read_quorum "
              + read
              + ", write_quorum "
              + write
              + " in "
              + options.source());
    }
  }

  int of(String node) {
    Integer weight = byNode.get(node);
    if (weight == null) {
      throw new IllegalArgumentException("unknown node " + node + "; known: " + byNode.keySet());
    }
    return weight;
  }

  int of(Collection<String> nodes) {
    int sum = 0;
    for (String node : nodes) {
      sum += of(node);
    }
    return sum;
  }

  int read() {
    return read;
  }

  int write() {
    return write;
  }

  List<String> nodes() {
    return List.copyOf(byNode.keySet());
  }
}
