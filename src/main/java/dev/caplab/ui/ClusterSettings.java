package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.CommitProtocol;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.SlaveFailurePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the settings panel edits, as a value: written out as a config file in the seed's YAML
 * format, which the config loader then validates like any other. The nodes keep the addresses they
 * had ({@code ips}, {@code ports}: on a lab spread over machines each node stays on its host); a
 * node added beyond them gets the next free port after {@code basePort} on {@code ip}. The admin
 * token, supervisor offset and commit protocol are kept as they were.
 */
record ClusterSettings(
    Mode mode,
    int nodeCount,
    SlaveFailurePolicy policy,
    int prepareTimeoutMs,
    int commitTimeoutMs,
    int requestTimeoutMs,
    List<Integer> weights,
    int readQuorum,
    int writeQuorum,
    boolean unsafeQuorums,
    String ip,
    int basePort,
    List<String> ips,
    List<Integer> ports,
    String adminToken,
    int supervisorPortOffset,
    CommitProtocol commitProtocol) {

  static final int MIN_NODES = 3;
  static final int MAX_NODES = 7;

  ClusterSettings {
    weights = List.copyOf(weights);
    ips = List.copyOf(ips);
    ports = List.copyOf(ports);
  }

  /** What the panel shows before a config is loaded: three nodes of the centralized mode. */
  static ClusterSettings defaults() {
    return new ClusterSettings(
        Mode.CENTRALIZED,
        MIN_NODES,
        SlaveFailurePolicy.EXCLUDE,
        500,
        500,
        500,
        List.of(1, 1, 1, 1, 1, 1, 1),
        2,
        2,
        false,
        "127.0.0.1",
        32770,
        List.of(),
        List.of(),
        "",
        ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET,
        CommitProtocol.TEXTBOOK);
  }

  /** The settings a loaded config has (weights padded with 1 up to {@link #MAX_NODES}). */
  static ClusterSettings of(ClusterConfig c) {
    List<Integer> weights = new ArrayList<>(c.nodes().stream().map(NodeConfig::weight).toList());
    while (weights.size() < MAX_NODES) {
      weights.add(1);
    }
    NodeConfig first = c.nodes().get(0);
    int base = c.nodes().stream().mapToInt(NodeConfig::port).min().orElse(first.port());
    int read = c.mode() == Mode.DECENTRALIZED ? c.readQuorum() : 2;
    int write = c.mode() == Mode.DECENTRALIZED ? c.writeQuorum() : 2;
    return new ClusterSettings(
        c.mode(),
        Math.max(MIN_NODES, Math.min(MAX_NODES, c.nodes().size())),
        c.onSlaveFailure(),
        (int) c.prepareTimeout().toMillis(),
        (int) c.commitTimeout().toMillis(),
        (int) c.requestTimeout().toMillis(),
        weights,
        read,
        write,
        c.unsafeQuorums(),
        first.ip(),
        base,
        c.nodes().stream().map(NodeConfig::ip).toList(),
        c.nodes().stream().map(NodeConfig::port).toList(),
        c.adminToken(),
        c.supervisorPortOffset(),
        c.commitProtocol());
  }

  /** ip: port of node i: where it was, or for an added node the next port after every known one. */
  private String address(int i) {
    if (i < ips.size()) {
      return ips.get(i) + ", port: " + ports.get(i);
    }
    int after = ports.stream().mapToInt(Integer::intValue).max().orElse(basePort - 1);
    int port = ips.isEmpty() ? basePort + i : after + (i - ips.size()) + 1;
    return ip + ", port: " + port;
  }

  /** The ids the nodes get: master and slave_1.. (centralized), node_0.. (decentralized). */
  List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      ids.add(
          mode == Mode.CENTRALIZED
              ? (i == 0 ? ClusterConfig.MASTER_ID : "slave_" + i)
              : "node_" + i);
    }
    return ids;
  }

  /** Sum of the weights of the first nodeCount nodes. */
  int totalWeight() {
    return weights.stream().limit(nodeCount).mapToInt(Integer::intValue).sum();
  }

  /** The config file's text. */
  String toYaml() {
    StringBuilder y = new StringBuilder("# Written by CAP Lab's cluster settings panel.\n");
    List<String> ids = ids();
    if (!adminToken.isEmpty()) {
      y.append("admin_token: \"")
          .append(adminToken.replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\"\n");
    }
    if (supervisorPortOffset != ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET) {
      y.append("supervisor_port_offset: ").append(supervisorPortOffset).append('\n');
    }
    if (mode == Mode.CENTRALIZED) {
      y.append("on_slave_failure: ").append(policy.name().toLowerCase(Locale.ROOT)).append('\n');
      if (commitProtocol != CommitProtocol.TEXTBOOK) {
        y.append("commit_protocol: ")
            .append(commitProtocol.name().toLowerCase(Locale.ROOT))
            .append('\n');
      }
      y.append("prepare_timeout_ms: ").append(prepareTimeoutMs).append('\n');
      y.append("commit_timeout_ms: ").append(commitTimeoutMs).append('\n');
      y.append("request_timeout_ms: ").append(requestTimeoutMs).append('\n');
      y.append("master: {ip: ").append(address(0)).append("}\n");
      y.append("slaves:\n");
      for (int i = 1; i < nodeCount; i++) {
        y.append("  - {id: ").append(ids.get(i)).append(", ip: ").append(address(i)).append("}\n");
      }
    } else {
      y.append("read_quorum: ").append(readQuorum).append('\n');
      y.append("write_quorum: ").append(writeQuorum).append('\n');
      if (unsafeQuorums) {
        y.append("unsafe_quorums: true\n");
      }
      y.append("request_timeout_ms: ").append(requestTimeoutMs).append('\n');
      y.append("nodes:\n");
      for (int i = 0; i < nodeCount; i++) {
        y.append("  - {id: ")
            .append(ids.get(i))
            .append(", ip: ")
            .append(address(i))
            .append(", weight: ")
            .append(weights.get(i))
            .append("}\n");
      }
    }
    return y.toString();
  }

  /** The file name settings of this mode are written to. */
  String fileName() {
    return "lab-" + mode.name().toLowerCase(Locale.ROOT) + ".yaml";
  }
}
