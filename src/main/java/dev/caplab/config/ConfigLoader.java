package dev.caplab.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a cluster config in the seed's YAML format and validates it. Works on the YAML node tree
 * rather than plain maps so that every error can name its line. Stateless; safe from any thread.
 */
public final class ConfigLoader {

  static final int DEFAULT_PREPARE_TIMEOUT_MS = 500;
  static final int DEFAULT_COMMIT_TIMEOUT_MS = 500;
  static final int DEFAULT_REQUEST_TIMEOUT_MS = 500;
  static final int DEFAULT_MAX_KEY_BYTES = 1024;
  static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> COMMON_KEYS =
      Set.of(
          "request_timeout_ms",
          "max_key_bytes",
          "max_value_bytes",
          "admin_token",
          "supervisor_port_offset");
  private static final Set<String> CENTRALIZED_KEYS =
      union(
          COMMON_KEYS,
          Set.of(
              "master",
              "slaves",
              "on_slave_failure",
              "commit_protocol",
              "prepare_timeout_ms",
              "commit_timeout_ms",
              "lease_ms"));
  private static final Set<String> DECENTRALIZED_KEYS =
      union(COMMON_KEYS, Set.of("nodes", "read_quorum", "write_quorum", "unsafe_quorums"));

  private final Path source;

  private ConfigLoader(Path source) {
    this.source = source;
  }

  /**
   * Loads and validates the file; every problem becomes a {@link ConfigException} naming file, line
   * and fix.
   */
  public static ClusterConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          file
              + ": file not found. Fix: pass the path of a YAML config, e.g. configs/centralized.yaml");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(file, text);
  }

  /** Validates YAML text as if it came from the given file (the path is only used in messages). */
  public static ClusterConfig parse(Path source, String text) throws ConfigException {
    return new ConfigLoader(source).parse(new StringReader(text));
  }

  private ClusterConfig parse(Reader reader) throws ConfigException {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(
          where(line)
              + "not valid YAML: "
              + e.getProblem()
              + ". Fix: check indentation and that every entry is `key: value`.",
          e);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new ConfigException(
          source
              + ": the file is empty. Fix: describe a cluster with `master:` and `slaves:`"
              + " (centralized) or `nodes:` (decentralized), as in configs/centralized.yaml.");
    }
    Map<String, NodeTuple> top = mapping(root, "the top level");
    if (top.containsKey("master") && top.containsKey("nodes")) {
      throw error(
          root,
          "has both `master` and `nodes`",
          "keep `master` + `slaves` for centralized mode or `nodes` for decentralized mode, not both");
    }
    if (top.containsKey("master") || top.containsKey("slaves")) {
      return centralized(root, top);
    }
    if (top.containsKey("nodes")) {
      return decentralized(root, top);
    }
    throw error(
        root,
        "unknown shape: top-level keys are " + top.keySet(),
        "use `master:` and `slaves:` (centralized) or `nodes:` (decentralized), as in configs/");
  }

  private ClusterConfig centralized(Node root, Map<String, NodeTuple> top) throws ConfigException {
    rejectUnknown(top, CENTRALIZED_KEYS, "centralized config");
    NodeTuple masterTuple =
        require(root, top, "master", "add `master: {ip: 127.0.0.1, port: 32770}`");
    List<NodeConfig> nodes = new ArrayList<>();
    Map<String, NodeTuple> master = mapping(masterTuple.getValueNode(), "`master`");
    rejectUnknown(master, Set.of("id", "ip", "port"), "`master`");
    if (master.containsKey("id")) {
      String id = string(master.get("id"));
      if (!id.equals(ClusterConfig.MASTER_ID)) {
        throw error(
            master.get("id").getValueNode(),
            "the master's id is '" + id + "'",
            "the master's id is always `master`: remove the `id` key or set it to master");
      }
    }
    nodes.add(
        new NodeConfig(
            ClusterConfig.MASTER_ID,
            ip(masterTuple.getValueNode(), master),
            port(masterTuple.getValueNode(), master),
            1,
            Role.MASTER));
    List<Node> slaves =
        top.containsKey("slaves")
            ? sequence(top.get("slaves").getValueNode(), "`slaves`")
            : List.of();
    for (Node slave : slaves) {
      Map<String, NodeTuple> entry = mapping(slave, "a slave entry");
      rejectUnknown(entry, Set.of("id", "ip", "port"), "a slave entry");
      nodes.add(
          new NodeConfig(id(slave, entry), ip(slave, entry), port(slave, entry), 1, Role.SLAVE));
    }
    checkUnique(nodes, slaves, root);
    SlaveFailurePolicy policy = SlaveFailurePolicy.EXCLUDE;
    if (top.containsKey("on_slave_failure")) {
      String text = string(top.get("on_slave_failure"));
      try {
        policy = SlaveFailurePolicy.valueOf(text.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw error(
            top.get("on_slave_failure").getValueNode(),
            "on_slave_failure is '" + text + "'",
            "use `exclude` (drop a dead slave and go on) or `strict` (abort every put while a slave is down)");
      }
    }
    CommitProtocol protocol = CommitProtocol.TEXTBOOK;
    if (top.containsKey("commit_protocol")) {
      String text = string(top.get("commit_protocol"));
      try {
        protocol = CommitProtocol.valueOf(text.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw error(
            top.get("commit_protocol").getValueNode(),
            "commit_protocol is '" + text + "'",
            "use `parallel` (answer once the staging record and every vote are durable) or"
                + " `textbook` (answer after the COMMIT record)");
      }
    }
    Duration prepare = millis(top, "prepare_timeout_ms", DEFAULT_PREPARE_TIMEOUT_MS);
    // Twice the prepare timeout, so a slave renews a few times per lease and an excluded one is
    // waited
    // out soon after its prepare timed out.
    int defaultLease = (int) Math.max(300, 2 * prepare.toMillis());
    return new ClusterConfig(
        source,
        Mode.CENTRALIZED,
        nodes,
        0,
        0,
        false,
        policy,
        prepare,
        millis(top, "commit_timeout_ms", DEFAULT_COMMIT_TIMEOUT_MS),
        millis(top, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS),
        positive(top, "max_key_bytes", DEFAULT_MAX_KEY_BYTES),
        positive(top, "max_value_bytes", DEFAULT_MAX_VALUE_BYTES),
        top.containsKey("admin_token") ? string(top.get("admin_token")) : "",
        atLeast(top, "lease_ms", 10, defaultLease),
        supervisorOffset(top, nodes, root),
        protocol);
  }

  private ClusterConfig decentralized(Node root, Map<String, NodeTuple> top)
      throws ConfigException {
    rejectUnknown(top, DECENTRALIZED_KEYS, "decentralized config");
    List<Node> entries = sequence(top.get("nodes").getValueNode(), "`nodes`");
    if (entries.isEmpty()) {
      throw error(
          top.get("nodes").getValueNode(),
          "`nodes` is empty",
          "list at least one node with id, ip and port");
    }
    List<NodeConfig> nodes = new ArrayList<>();
    for (Node node : entries) {
      Map<String, NodeTuple> entry = mapping(node, "a node entry");
      rejectUnknown(entry, Set.of("id", "ip", "port", "weight"), "a node entry");
      int weight = entry.containsKey("weight") ? integer(entry.get("weight")) : 1;
      if (weight < 1) {
        throw error(
            entry.get("weight").getValueNode(),
            "weight " + weight + " is not positive",
            "give every node a weight of 1 or more (its number of votes)");
      }
      nodes.add(
          new NodeConfig(id(node, entry), ip(node, entry), port(node, entry), weight, Role.PEER));
    }
    checkUnique(nodes, entries, root);
    int total = nodes.stream().mapToInt(NodeConfig::weight).sum();
    int majority = total / 2 + 1;
    int read = top.containsKey("read_quorum") ? integer(top.get("read_quorum")) : majority;
    int write = top.containsKey("write_quorum") ? integer(top.get("write_quorum")) : majority;
    boolean unsafe = top.containsKey("unsafe_quorums") && bool(top.get("unsafe_quorums"));
    Node at = top.containsKey("read_quorum") ? top.get("read_quorum").getKeyNode() : root;
    for (var q : List.of(Map.entry("read_quorum", read), Map.entry("write_quorum", write))) {
      if (q.getValue() < 1 || q.getValue() > total) {
        Node qn = top.containsKey(q.getKey()) ? top.get(q.getKey()).getValueNode() : root;
        throw error(
            qn,
            q.getKey() + " is " + q.getValue() + " but the nodes' weights add up to " + total,
            "choose a quorum between 1 and " + total + " votes");
      }
    }
    if (!unsafe && read + write <= total) {
      throw error(
          at,
          "read_quorum "
              + read
              + " + write_quorum "
              + write
              + " = "
              + (read + write)
              + " is not more than the total weight "
              + total
              + ", so a read could miss the latest write",
          "raise read_quorum or write_quorum so that read + write > "
              + total
              + " (or set `unsafe_quorums: true` to demonstrate stale reads)");
    }
    if (!unsafe && 2 * write <= total) {
      throw error(
          at,
          "2 x write_quorum "
              + write
              + " = "
              + (2 * write)
              + " is not more than the total weight "
              + total
              + ", so two writes could miss each other",
          "raise write_quorum above "
              + total / 2
              + " (or set `unsafe_quorums: true` to demonstrate conflicts)");
    }
    return new ClusterConfig(
        source,
        Mode.DECENTRALIZED,
        nodes,
        read,
        write,
        unsafe,
        SlaveFailurePolicy.EXCLUDE,
        millis(top, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS),
        millis(top, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS),
        millis(top, "request_timeout_ms", DEFAULT_REQUEST_TIMEOUT_MS),
        positive(top, "max_key_bytes", DEFAULT_MAX_KEY_BYTES),
        positive(top, "max_value_bytes", DEFAULT_MAX_VALUE_BYTES),
        top.containsKey("admin_token") ? string(top.get("admin_token")) : "",
        Duration.ZERO, // no leases without a master
        supervisorOffset(top, nodes, root),
        CommitProtocol.TEXTBOOK);
  }

  /**
   * The supervisor ports (node port + offset) must be valid ports and must not land on another
   * node's address.
   */
  private int supervisorOffset(Map<String, NodeTuple> top, List<NodeConfig> nodes, Node root)
      throws ConfigException {
    int offset =
        positive(top, "supervisor_port_offset", ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET);
    Node at =
        top.containsKey("supervisor_port_offset")
            ? top.get("supervisor_port_offset").getValueNode()
            : root;
    Set<String> addresses = new HashSet<>();
    nodes.forEach(n -> addresses.add(n.address()));
    for (NodeConfig n : nodes) {
      int port = n.port() + offset;
      if (port > 65535) {
        throw error(
            at,
            "node '"
                + n.id()
                + "' has port "
                + n.port()
                + ", so its supervisor would listen on port "
                + port
                + " (port + supervisor_port_offset "
                + offset
                + "), beyond 65535",
            "lower the node's port or set a smaller `supervisor_port_offset`");
      }
      if (addresses.contains(n.ip() + ":" + port)) {
        throw error(
            at,
            "the supervisor of node '"
                + n.id()
                + "' would listen on "
                + n.ip()
                + ":"
                + port
                + " (port + supervisor_port_offset "
                + offset
                + "), which another node uses",
            "set `supervisor_port_offset` so that no node port plus it is another node's port (default "
                + ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET
                + ")");
      }
    }
    return offset;
  }

  private void checkUnique(List<NodeConfig> nodes, List<Node> yamlNodes, Node root)
      throws ConfigException {
    Map<String, Integer> ids = new HashMap<>();
    Map<String, Integer> addresses = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeConfig node = nodes.get(i);
      // The master has no entry in yamlNodes; slaves and decentralized nodes line up after it.
      int offset = nodes.size() - yamlNodes.size();
      Node at = i >= offset ? yamlNodes.get(i - offset) : root;
      Integer previousId = ids.putIfAbsent(node.id(), i);
      if (previousId != null) {
        throw error(at, "duplicate node id '" + node.id() + "'", "give every node its own id");
      }
      Integer previousAddress = addresses.putIfAbsent(node.address(), i);
      if (previousAddress != null) {
        throw error(
            at,
            "nodes '"
                + nodes.get(previousAddress).id()
                + "' and '"
                + node.id()
                + "' both use "
                + node.address(),
            "give every node its own port");
      }
    }
  }

  private String id(Node node, Map<String, NodeTuple> entry) throws ConfigException {
    if (!entry.containsKey("id")) {
      throw error(node, "an entry has no `id`", "add `id: <name>` (letters, digits, _ . -)");
    }
    String id = string(entry.get("id"));
    if (!ID.matcher(id).matches()) {
      throw error(
          entry.get("id").getValueNode(),
          "id '" + id + "' is not a plain name",
          "use 1-64 letters, digits, '_', '.' or '-' (it names the node's data directory)");
    }
    return id;
  }

  private String ip(Node node, Map<String, NodeTuple> entry) throws ConfigException {
    if (!entry.containsKey("ip")) {
      throw error(node, "an entry has no `ip`", "add `ip: 127.0.0.1`");
    }
    String ip = string(entry.get("ip"));
    if (ip.isBlank()) {
      throw error(entry.get("ip").getValueNode(), "`ip` is empty", "set `ip: 127.0.0.1`");
    }
    return ip;
  }

  private int port(Node node, Map<String, NodeTuple> entry) throws ConfigException {
    if (!entry.containsKey("port")) {
      throw error(node, "an entry has no `port`", "add `port: <1024-65535>`");
    }
    int port = integer(entry.get("port"));
    if (port < 1 || port > 65535) {
      throw error(
          entry.get("port").getValueNode(),
          "port " + port + " is out of range",
          "use a port between 1024 and 65535");
    }
    return port;
  }

  private Duration millis(Map<String, NodeTuple> top, String key, int fallback)
      throws ConfigException {
    return Duration.ofMillis(positive(top, key, fallback));
  }

  private Duration atLeast(Map<String, NodeTuple> top, String key, int min, int fallback)
      throws ConfigException {
    int value = positive(top, key, fallback);
    if (value < min) {
      throw error(
          top.get(key).getValueNode(),
          key + " is " + value,
          "use " + min + " or more (default " + fallback + ")");
    }
    return Duration.ofMillis(value);
  }

  private int positive(Map<String, NodeTuple> top, String key, int fallback)
      throws ConfigException {
    if (!top.containsKey(key)) {
      return fallback;
    }
    int value = integer(top.get(key));
    if (value < 1) {
      throw error(
          top.get(key).getValueNode(),
          key + " is " + value,
          "use a positive number (default " + fallback + ")");
    }
    return value;
  }

  private int integer(NodeTuple tuple) throws ConfigException {
    String text = string(tuple);
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw error(
          tuple.getValueNode(),
          key(tuple) + " is '" + text + "', not a whole number",
          "write a number, e.g. `" + key(tuple) + ": 3`");
    }
  }

  private boolean bool(NodeTuple tuple) throws ConfigException {
    String text = string(tuple).trim().toLowerCase(java.util.Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw error(tuple.getValueNode(), key(tuple) + " is '" + text + "'", "write true or false");
  }

  private String string(NodeTuple tuple) throws ConfigException {
    if (!(tuple.getValueNode() instanceof ScalarNode scalar)) {
      throw error(
          tuple.getValueNode(),
          key(tuple) + " should be a single value, not a list or mapping",
          "write `" + key(tuple) + ": <value>`");
    }
    return scalar.getValue();
  }

  private Map<String, NodeTuple> mapping(Node node, String what) throws ConfigException {
    if (!(node instanceof MappingNode map)) {
      throw error(
          node,
          what + " should be a mapping of `key: value` entries",
          "see configs/centralized.yaml");
    }
    Map<String, NodeTuple> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      // compose() builds the node tree without the constructor's duplicate-key check, so check
      // here.
      if (result.putIfAbsent(key(tuple), tuple) != null) {
        throw error(
            tuple.getKeyNode(),
            "`" + key(tuple) + "` is given twice in " + what,
            "keep one `" + key(tuple) + "` entry");
      }
    }
    return result;
  }

  private List<Node> sequence(Node node, String what) throws ConfigException {
    if (!(node instanceof SequenceNode seq)) {
      throw error(
          node,
          what + " should be a list of entries starting with `- `",
          "see configs/decentralized.yaml");
    }
    return seq.getValue();
  }

  private void rejectUnknown(Map<String, NodeTuple> map, Set<String> known, String what)
      throws ConfigException {
    for (NodeTuple tuple : map.values()) {
      if (!known.contains(key(tuple))) {
        throw error(
            tuple.getKeyNode(),
            "unknown key `" + key(tuple) + "` in " + what,
            "remove it or fix its spelling; known keys: " + new java.util.TreeSet<>(known));
      }
    }
  }

  private NodeTuple require(Node at, Map<String, NodeTuple> map, String key, String fix)
      throws ConfigException {
    NodeTuple tuple = map.get(key);
    if (tuple == null) {
      throw error(at, "missing `" + key + "`", fix);
    }
    return tuple;
  }

  private static String key(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode s
        ? s.getValue()
        : String.valueOf(tuple.getKeyNode());
  }

  private ConfigException error(Node node, String what, String fix) {
    int line = node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    return new ConfigException(where(line) + what + ". Fix: " + fix + ".");
  }

  private String where(int line) {
    return line > 0 ? source + ":" + line + ": " : source + ": ";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
