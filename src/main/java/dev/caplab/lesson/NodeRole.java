package dev.caplab.lesson;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * A node named by what it does rather than by its id, so one fault can hit the same part of two
 * different clusters: the coordinator (the master; the node with the most votes, node_1 in the
 * bundled config) or a replica (the first slave; the first node with the fewest votes). Immutable.
 */
public enum NodeRole {
  COORDINATOR("the coordinator", "the master / the node with the most votes"),
  REPLICA("a replica", "a slave / a node with the fewest votes");

  private final String words;
  private final String meaning;

  NodeRole(String words, String meaning) {
    this.words = words;
    this.meaning = meaning;
  }

  /** "the coordinator", "a replica": how buttons and messages name it. */
  public String words() {
    return words;
  }

  /** What it is in each mode, in plain words. */
  public String meaning() {
    return meaning;
  }

  /** The word a lesson file uses: coordinator, replica. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<NodeRole> fromYaml(String word) {
    for (NodeRole role : values()) {
      if (role.yamlName().equals(word.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The id of the node that plays this role in the cluster. */
  public String nodeIn(ClusterConfig cluster) {
    if (cluster.mode() == Mode.CENTRALIZED) {
      return this == COORDINATOR
          ? ClusterConfig.MASTER_ID
          : cluster.ids().stream()
              .filter(id -> !id.equals(ClusterConfig.MASTER_ID))
              .findFirst()
              .orElseThrow();
    }
    // The first node of the most (or fewest) votes; stream order breaks ties by the config's order.
    NodeConfig heaviest =
        cluster.nodes().stream()
            .max(
                Comparator.comparingInt(NodeConfig::weight)
                    .thenComparing(n -> -cluster.nodes().indexOf(n)))
            .orElseThrow();
    if (this == COORDINATOR) {
      return heaviest.id();
    }
    return cluster.nodes().stream()
        .filter(n -> n != heaviest)
        .min(
            Comparator.comparingInt(NodeConfig::weight)
                .thenComparing(n -> cluster.nodes().indexOf(n)))
        .orElse(heaviest)
        .id();
  }
}
