package dev.caplab.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A validated cluster description, immutable. Built by {@link ConfigLoader}; quorums are in votes
 * (weights) and are zero in centralized mode.
 */
public record ClusterConfig(
    Path source,
    Mode mode,
    List<NodeConfig> nodes,
    int readQuorum,
    int writeQuorum,
    boolean unsafeQuorums,
    SlaveFailurePolicy onSlaveFailure,
    Duration prepareTimeout,
    Duration commitTimeout,
    Duration requestTimeout,
    int maxKeyBytes,
    int maxValueBytes,
    String adminToken,
    Duration lease,
    int supervisorPortOffset,
    CommitProtocol commitProtocol) {

  public static final String MASTER_ID = "master";

  /**
   * Where `caplab cluster --only` serves its supervisor, unless the config says otherwise: node
   * port + 1000.
   */
  public static final int DEFAULT_SUPERVISOR_PORT_OFFSET = 1000;

  public ClusterConfig {
    nodes = List.copyOf(nodes);
  }

  public NodeConfig node(String id) {
    return findNode(id)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no node '" + id + "' in " + source + "; known ids: " + ids()));
  }

  public Optional<NodeConfig> findNode(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public List<String> ids() {
    return nodes.stream().map(NodeConfig::id).toList();
  }

  /** The master in centralized mode. */
  public NodeConfig master() {
    return node(MASTER_ID);
  }

  /** Every node but the given one. */
  public List<NodeConfig> peersOf(String id) {
    return nodes.stream().filter(n -> !n.id().equals(id)).toList();
  }

  /**
   * Largest gRPC message a node or client accepts: a value and a key at their limits, plus room for
   * framing.
   */
  public int maxMessageBytes() {
    return maxValueBytes + maxKeyBytes + 64 * 1024;
  }

  /**
   * The port of the supervisor that runs the node when `caplab cluster --only` started it: on the
   * node's own ip, at its port plus supervisor_port_offset, so a GUI on another machine finds it
   * from the config alone.
   */
  public int supervisorPort(NodeConfig node) {
    return node.port() + supervisorPortOffset;
  }

  public int totalWeight() {
    return nodes.stream().mapToInt(NodeConfig::weight).sum();
  }
}
