package dev.caplab.lesson;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads the steps of one lesson in order, checking each against the lesson's cluster (node ids,
 * links) and against the steps before it (an expect on an operation needs that operation). Not
 * thread-safe.
 */
final class StepReader {

  static final Duration DEFAULT_WITHIN = Duration.ofSeconds(10);
  static final Duration MAX_WITHIN = Duration.ofMinutes(2);
  private static final List<String> KINDS = List.of("say", "ask", "do", "expect", "explain");
  private static final Set<String> EVENT_TYPES =
      Set.of(
          "SENT",
          "RECEIVED",
          "STATE",
          "QUORUM",
          "CLIENT_REQUEST",
          "CLIENT_REPLY",
          "NODE_STATUS",
          "HELD",
          "RELEASED");
  private static final Set<String> OUTCOME_WORDS =
      Set.of(
          Expectation.OK,
          Expectation.REFUSED,
          Expectation.NOT_FOUND,
          Expectation.FAILED,
          Expectation.PENDING);
  private static final Set<String> ACTIONS =
      Set.of(
          "put",
          "get",
          "fail",
          "recover",
          "slow",
          "restore",
          "isolate",
          "heal",
          "cut",
          "start_load",
          "stop_load",
          "step_mode",
          "deliver",
          "drop",
          "wait",
          "restart_cluster",
          "arm_crash");

  /** The master's crash points an arm_crash may name (the admin call checks them again). */
  private static final List<String> CRASH_POINTS = List.of("after-prepare", "after-commit");

  private final YamlReader yaml;
  private final ConfigReader configs;
  private LessonConfig config; // the cluster of the steps read so far (restart_cluster changes it)
  private List<ClusterConfig> clusters; // two in a compare lesson: a step's node names its cluster
  private final Set<String> operations = new HashSet<>();
  private boolean anyOperation;

  StepReader(YamlReader yaml, ConfigReader configs, List<LessonConfig> configs2) {
    this.yaml = yaml;
    this.configs = configs;
    this.config = configs2.get(0);
    this.clusters = configs2.stream().map(LessonConfig::cluster).toList();
  }

  Step step(Node item) throws LessonException {
    Map<String, NodeTuple> fields = yaml.mapping(item, "a step", null);
    List<String> kinds = KINDS.stream().filter(fields::containsKey).toList();
    if (kinds.size() != 1) {
      throw yaml.error(
          item,
          kinds.isEmpty()
              ? "a step has none of " + KINDS
              : "a step has both `" + kinds.get(0) + "` and `" + kinds.get(1) + "`",
          "start every step with exactly one of say, ask, do, expect, explain (one step per `- `)");
    }
    int line = YamlReader.line(item);
    return switch (kinds.get(0)) {
      case "say" -> say(item, line);
      case "ask" -> ask(item, line);
      case "explain" ->
          new Step.Explain(
              line,
              yaml.nonBlank(
                  yaml.mapping(item, "an explain step", Set.of("explain")).get("explain")));
      case "do" -> new Step.Do(line, action(item));
      default -> new Step.Expect(line, expectation(item));
    };
  }

  private Step say(Node item, int line) throws LessonException {
    Map<String, NodeTuple> fields = yaml.mapping(item, "a say step", Set.of("say", "highlight"));
    List<String> highlight = new ArrayList<>();
    if (fields.containsKey("highlight")) {
      NodeTuple tuple = fields.get("highlight");
      for (String name : yaml.texts(tuple)) {
        String[] ends = name.strip().split("--", -1);
        if (ends.length > 2) {
          throw yaml.error(
              tuple.getValueNode(),
              "'" + name + "' is neither a node nor a link",
              "name a node (slave_1) or a link (master--slave_1)");
        }
        for (String end : ends) {
          checkNode(tuple, end.strip());
        }
        highlight.add(name.strip());
      }
    }
    return new Step.Say(line, yaml.nonBlank(fields.get("say")), highlight);
  }

  private Step ask(Node item, int line) throws LessonException {
    Map<String, NodeTuple> fields =
        yaml.mapping(item, "an ask step", Set.of("ask", "choices", "answer", "why"));
    String question = yaml.nonBlank(fields.get("ask"));
    NodeTuple choicesTuple =
        yaml.require(item, fields, "choices", "add `choices: [first, second, ...]`");
    List<String> choices = new ArrayList<>();
    for (String choice : yaml.texts(choicesTuple)) {
      choices.add(choice.strip());
    }
    if (choices.size() < 2) {
      throw yaml.error(
          choicesTuple.getValueNode(),
          "a question needs at least two choices",
          "list two or more choices");
    }
    NodeTuple answerTuple =
        yaml.require(
            item,
            fields,
            "answer",
            "add `answer:` with the right choice (its text, or its number from 1)");
    String answer = yaml.nonBlank(answerTuple);
    int index = choices.indexOf(answer);
    if (index < 0 && answer.matches("\\d+")) {
      index = yaml.integer(answerTuple, 1, choices.size()) - 1;
    }
    if (index < 0) {
      throw yaml.error(
          answerTuple.getValueNode(),
          "the answer '" + answer + "' is not one of the choices",
          "copy the right choice's text exactly, or give its number (1 to " + choices.size() + ")");
    }
    String why =
        yaml.nonBlank(
            yaml.require(
                item,
                fields,
                "why",
                "add `why:` explaining the right answer (shown once the run has answered)"));
    return new Step.Ask(line, question, choices, index, why);
  }

  // do

  private Action action(Node item) throws LessonException {
    Map<String, NodeTuple> all = yaml.mapping(item, "a do step", null);
    NodeTuple doTuple = all.get("do");
    String name = yaml.nonBlank(doTuple);
    if (!ACTIONS.contains(name)) {
      throw yaml.error(
          doTuple.getValueNode(),
          "unknown action '" + name + "'",
          "use one of " + new TreeSet<>(ACTIONS));
    }
    Map<String, NodeTuple> f = yaml.mapping(item, "`do: " + name + "`", allowed(name));
    return switch (name) {
      case "put" ->
          new Action.Put(node(item, f), text(item, f, "key"), text(item, f, "value"), operation(f));
      case "get" -> new Action.Get(node(item, f), text(item, f, "key"), operation(f));
      case "fail", "recover", "slow", "restore", "isolate", "heal" -> onNodes(name, item, f);
      case "cut" -> cut(item, f);
      case "start_load" -> startLoad(f);
      case "stop_load" -> new Action.StopLoad();
      case "step_mode" ->
          new Action.StepMode(
              yaml.bool(
                  yaml.require(
                      item,
                      f,
                      "on",
                      "add `on: true` (hold every outgoing request) or `on: false` (send them all)")),
              nodes(f, "nodes"));
      case "deliver", "drop" -> deliver(name.equals("drop"), item, f);
      case "restart_cluster" -> restart(f);
      case "arm_crash" -> new Action.ArmCrash(node(item, f), crashPoint(item, f));
      default ->
          new Action.Wait(yaml.duration(yaml.require(item, f, "for", "add `for: 2s`"), MAX_WITHIN));
    };
  }

  private static Set<String> allowed(String action) {
    Set<String> keys =
        new HashSet<>(
            switch (action) {
              case "put" -> List.of("node", "key", "value", "as");
              case "get" -> List.of("node", "key", "as");
              case "slow" -> List.of("node", "role", "seconds");
              case "heal" -> List.of("node", "role", "between");
              case "cut" -> List.of("between", "from", "to");
              case "start_load" -> List.of("clients", "nodes", "keys", "read_ratio");
              case "stop_load" -> List.of();
              case "step_mode" -> List.of("on", "nodes");
              case "deliver", "drop" -> List.of("message", "from", "to", "key", "all", "within");
              case "wait" -> List.of("for");
              case "restart_cluster" -> List.of("config");
              case "arm_crash" -> List.of("node", "point");
              case "fail", "recover", "restore", "isolate" -> List.of("node", "role");
              default -> List.of("node");
            });
    keys.add("do");
    return keys;
  }

  /**
   * A fault or repair of one node, named by `node`, or by `role` (coordinator, replica): then the
   * node of that role in every cluster of the run, at once.
   */
  private Action onNodes(String name, Node item, Map<String, NodeTuple> f) throws LessonException {
    if (name.equals("heal") && f.containsKey("between")) {
      if (f.containsKey("node") || f.containsKey("role")) {
        throw yaml.error(
            item,
            "`do: heal` needs either `node` or `between`",
            "write `node: slave_1` (or `role:"
                + " replica`) to heal all its links, or `between: [master, slave_1]` for one link");
      }
      String[] link = link(item, f);
      return new Action.HealLink(link[0], link[1]);
    }
    if (f.containsKey("node") == f.containsKey("role")) {
      throw yaml.error(
          item,
          "`do: "
              + name
              + "` needs either `node` or `role`"
              + (name.equals("heal") ? " (or `between`)" : ""),
          "write `node: <node id>` (one of "
              + ids()
              + "), or `role: coordinator` /"
              + " `role: replica` for that node of every cluster");
    }
    int seconds =
        name.equals("slow")
            ? yaml.integer(
                yaml.require(
                    item, f, "seconds", "add `seconds: 2` (how long the node delays each request)"),
                1,
                3600)
            : 0;
    if (f.containsKey("node")) {
      return onNode(name, node(item, f), seconds);
    }
    NodeTuple roleTuple = f.get("role");
    NodeRole role =
        NodeRole.fromYaml(yaml.nonBlank(roleTuple))
            .orElseThrow(
                () ->
                    yaml.error(
                        roleTuple.getValueNode(),
                        "unknown role '" + yaml.scalarOrEmpty(roleTuple) + "'",
                        "use `coordinator` (the master / the node with the most votes) or `replica` (a slave / a node with the"
                            + " fewest votes)"));
    List<Action> each = new ArrayList<>();
    for (ClusterConfig c : clusters) {
      each.add(onNode(name, role.nodeIn(c), seconds));
    }
    return new Action.ByRole(role, each);
  }

  private static Action onNode(String name, String node, int seconds) {
    return switch (name) {
      case "fail" -> new Action.Fail(node);
      case "recover" -> new Action.Recover(node);
      case "slow" -> new Action.Slow(node, seconds);
      case "restore" -> new Action.Restore(node);
      case "isolate" -> new Action.Isolate(node);
      default -> new Action.HealNode(node);
    };
  }

  private String crashPoint(Node item, Map<String, NodeTuple> f) throws LessonException {
    NodeTuple point =
        yaml.require(
            item,
            f,
            "point",
            "add `point: after-prepare` (votes in, PREPARE logged) or `point: after-commit`");
    String name = yaml.nonBlank(point);
    if (!CRASH_POINTS.contains(name)) {
      throw yaml.error(
          point.getValueNode(), "unknown crash point '" + name + "'", "use one of " + CRASH_POINTS);
    }
    return name;
  }

  /** `between: [a, b]` cuts both ways; `from: a` with `to: b` cuts only what a sends to b. */
  private Action cut(Node item, Map<String, NodeTuple> f) throws LessonException {
    boolean oneWay = f.containsKey("from") || f.containsKey("to");
    if (oneWay == f.containsKey("between")) {
      throw yaml.error(
          item,
          "`do: cut` needs either `between` or `from` and `to`",
          "write `between: [node_a, node_b]` to cut both ways, or `from: node_a` and `to: node_b` for one way");
    }
    if (!oneWay) {
      String[] link = link(item, f);
      return new Action.Cut(link[0], link[1]);
    }
    String from = text(item, f, "from");
    String to = text(item, f, "to");
    checkNode(f.get("from"), from);
    checkNode(f.get("to"), to);
    if (from.equals(to)) {
      throw yaml.error(
          f.get("to").getValueNode(),
          "a link joins two different nodes, not " + from + " and " + to,
          "write `from: node_a` and `to: node_b`");
    }
    return new Action.CutOneWay(from, to);
  }

  private String[] link(Node item, Map<String, NodeTuple> f) throws LessonException {
    NodeTuple tuple = yaml.require(item, f, "between", "add `between: [node_a, node_b]`");
    List<String> ends = yaml.texts(tuple);
    if (ends.size() != 2 || ends.get(0).equals(ends.get(1))) {
      throw yaml.error(
          tuple.getValueNode(),
          "a link joins two different nodes, not " + ends,
          "write `between: [node_a, node_b]`");
    }
    for (String end : ends) {
      checkNode(tuple, end);
    }
    sameCluster(tuple, ends.get(0), ends.get(1));
    return new String[] {ends.get(0), ends.get(1)};
  }

  private Action startLoad(Map<String, NodeTuple> f) throws LessonException {
    int clients = f.containsKey("clients") ? yaml.integer(f.get("clients"), 1, 64) : 2;
    List<String> keys =
        f.containsKey("keys") ? yaml.texts(f.get("keys")) : List.of("load-a", "load-b", "load-c");
    double readRatio = f.containsKey("read_ratio") ? yaml.fraction(f.get("read_ratio")) : 0.5;
    return new Action.StartLoad(clients, nodes(f, "nodes"), keys, readRatio);
  }

  private Action deliver(boolean drop, Node item, Map<String, NodeTuple> f) throws LessonException {
    String message = text(item, f, "message");
    String from = node(item, f, "from");
    String to = node(item, f, "to");
    sameCluster(f.get("to"), from, to);
    String key = f.containsKey("key") ? yaml.text(f.get("key")) : "";
    boolean all = f.containsKey("all") && yaml.bool(f.get("all"));
    return new Action.Deliver(drop, from, to, message, key, all, within(f));
  }

  private Action restart(Map<String, NodeTuple> f) throws LessonException {
    if (clusters.size() > 1) {
      throw yaml.error(
          f.get("do").getValueNode(),
          "a compare lesson cannot restart its clusters",
          "write a separate lesson for the other config");
    }
    if (f.containsKey("config")) {
      config = configs.config(f.get("config"));
      clusters = List.of(config.cluster());
      operations.clear(); // the new cluster's results are new operations
      anyOperation = false;
    }
    return new Action.RestartCluster(config);
  }

  /** Declares the operation a put or get starts, under its `as` name when given. */
  private String operation(Map<String, NodeTuple> f) throws LessonException {
    anyOperation = true;
    if (!f.containsKey("as")) {
      return "";
    }
    String name = yaml.nonBlank(f.get("as"));
    if (!operations.add(name)) {
      throw yaml.error(
          f.get("as").getValueNode(),
          "an earlier operation is already called '" + name + "'",
          "give every operation its own name");
    }
    return name;
  }

  // expect

  private Expectation expectation(Node item) throws LessonException {
    Map<String, NodeTuple> all = yaml.mapping(item, "an expect step", null);
    NodeTuple kindTuple = all.get("expect");
    String kind = yaml.nonBlank(kindTuple);
    return switch (kind) {
      case "result" ->
          result(
              item,
              yaml.mapping(
                  item, "`expect: result`", Set.of("expect", "of", "outcome", "value", "within")));
      case "node" ->
          nodeState(
              item,
              yaml.mapping(
                  item,
                  "`expect: node`",
                  Set.of(
                      "expect",
                      "node",
                      "status",
                      "process",
                      "key",
                      "value",
                      "absent",
                      "transaction",
                      "within")));
      case "event" ->
          event(
              item,
              yaml.mapping(
                  item,
                  "`expect: event`",
                  Set.of(
                      "expect", "node", "type", "label", "peer", "key", "detail", "since", "absent",
                      "within")));
      case "verdict" ->
          verdict(item, yaml.mapping(item, "`expect: verdict`", Set.of("expect", "linearizable")));
      default ->
          throw yaml.error(
              kindTuple.getValueNode(),
              "unknown expectation '" + kind + "'",
              "use `expect: result` (of an operation), `expect: node` (a node's state), `expect: event` or"
                  + " `expect: verdict`");
    };
  }

  private Expectation result(Node item, Map<String, NodeTuple> f) throws LessonException {
    String of = "";
    if (f.containsKey("of")) {
      of = yaml.nonBlank(f.get("of"));
      if (!operations.contains(of)) {
        throw yaml.error(
            f.get("of").getValueNode(),
            "no earlier operation is called '" + of + "'",
            "name a put or get above with `as: "
                + of
                + "`, or leave `of` out to mean the latest one");
      }
    } else if (!anyOperation) {
      throw yaml.error(
          item,
          "`expect: result` comes before any put or get",
          "put a `do: put` or `do: get` above it");
    }
    Set<String> outcomes = new LinkedHashSet<>();
    if (f.containsKey("outcome")) {
      for (String word : yaml.texts(f.get("outcome"))) {
        outcomes.add(outcome(f.get("outcome"), word.strip()));
      }
    }
    Optional<String> value =
        f.containsKey("value") ? Optional.of(yaml.text(f.get("value"))) : Optional.empty();
    if (outcomes.isEmpty()) {
      if (value.isEmpty()) {
        throw yaml.error(
            item,
            "`expect: result` says nothing to check",
            "add `outcome:` (ok, refused, not-found, UNAVAILABLE, ...) and/or `value:`");
      }
      outcomes.add(Expectation.OK);
    }
    return new Expectation.Result(of, outcomes, value, within(f));
  }

  private String outcome(NodeTuple tuple, String word) throws LessonException {
    if (OUTCOME_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
      return word.toLowerCase(Locale.ROOT);
    }
    String code = word.toUpperCase(Locale.ROOT);
    if (Arrays.stream(Status.Code.values())
        .anyMatch(c -> c.name().equals(code) && c != Status.Code.OK)) {
      return code;
    }
    throw yaml.error(
        tuple.getValueNode(),
        "unknown outcome '" + word + "'",
        "use ok, refused, not-found, failed, pending or a gRPC status such as UNAVAILABLE or DEADLINE_EXCEEDED");
  }

  private Expectation nodeState(Node item, Map<String, NodeTuple> f) throws LessonException {
    String node = node(item, f);
    String status = f.containsKey("status") ? yaml.nonBlank(f.get("status")) : "";
    String process = "";
    if (f.containsKey("process")) {
      process = yaml.nonBlank(f.get("process")).toLowerCase(Locale.ROOT);
      String p = process;
      if (Arrays.stream(NodeProcessState.values()).noneMatch(s -> s.name().equalsIgnoreCase(p))) {
        throw yaml.error(
            f.get("process").getValueNode(),
            "unknown process state '" + process + "'",
            "use serving, starting, killed, stopped or exited");
      }
    }
    String key = f.containsKey("key") ? yaml.nonBlank(f.get("key")) : "";
    Optional<String> value =
        f.containsKey("value") ? Optional.of(yaml.text(f.get("value"))) : Optional.empty();
    boolean absent = f.containsKey("absent") && yaml.bool(f.get("absent"));
    String transaction =
        f.containsKey("transaction")
            ? yaml.nonBlank(f.get("transaction")).toUpperCase(Locale.ROOT)
            : "";
    if ((value.isPresent() || absent || !transaction.isEmpty()) && key.isEmpty()) {
      throw yaml.error(
          item,
          "`value`, `absent` and `transaction` are about a key, and no `key` is given",
          "add `key: <the key>`");
    }
    if (absent && value.isPresent()) {
      throw yaml.error(
          f.get("absent").getKeyNode(),
          "a key cannot both hold a value and be absent",
          "keep `value` or `absent`");
    }
    if (status.isEmpty() && process.isEmpty() && key.isEmpty()) {
      throw yaml.error(
          item,
          "`expect: node` says nothing to check",
          "add `status:`, `process:`, or `key:` (with `value:`, `absent: true` or `transaction:`)");
    }
    return new Expectation.NodeState(
        node, status, process, key, value, absent, transaction, within(f));
  }

  private Expectation event(Node item, Map<String, NodeTuple> f) throws LessonException {
    String node = f.containsKey("node") ? node(item, f) : "";
    String peer = f.containsKey("peer") ? node(item, f, "peer") : "";
    String type = "";
    if (f.containsKey("type")) {
      type = yaml.nonBlank(f.get("type")).toUpperCase(Locale.ROOT);
      if (!EVENT_TYPES.contains(type)) {
        throw yaml.error(
            f.get("type").getValueNode(),
            "unknown event type '" + type + "'",
            "use one of " + new TreeSet<>(EVENT_TYPES));
      }
    }
    String label = f.containsKey("label") ? yaml.nonBlank(f.get("label")) : "";
    String key = f.containsKey("key") ? yaml.nonBlank(f.get("key")) : "";
    String detail = f.containsKey("detail") ? yaml.nonBlank(f.get("detail")) : "";
    if (type.isEmpty() && label.isEmpty()) {
      throw yaml.error(
          item,
          "`expect: event` needs a `type` or a `label`",
          "add e.g. `type: SENT` and `label: prepare` (see the event table in the README)");
    }
    boolean sinceStart = false;
    if (f.containsKey("since")) {
      String since = yaml.nonBlank(f.get("since"));
      if (!since.equals("start") && !since.equals("do")) {
        throw yaml.error(
            f.get("since").getValueNode(),
            "`since` is '" + since + "'",
            "write `since: do` (the latest do step, the default) or `since: start` (the whole lesson)");
      }
      sinceStart = since.equals("start");
    }
    boolean absent = f.containsKey("absent") && yaml.bool(f.get("absent"));
    if (absent && f.containsKey("within")) {
      throw yaml.error(
          f.get("within").getKeyNode(),
          "an absent event has no time bound: it is checked once",
          "remove `within`");
    }
    return new Expectation.Event(
        new EventPattern(node, type, label, peer, key, detail), sinceStart, absent, within(f));
  }

  private Expectation verdict(Node item, Map<String, NodeTuple> f) throws LessonException {
    boolean linearizable =
        yaml.bool(
            yaml.require(
                item,
                f,
                "linearizable",
                "add `linearizable: yes` (or `no` when the lesson shows a violation)"));
    if (!anyOperation) {
      throw yaml.error(
          item,
          "`expect: verdict` comes before any put or get",
          "put a `do: put` or `do: get` above it");
    }
    return new Expectation.Verdict(linearizable);
  }

  // shared

  private Duration within(Map<String, NodeTuple> f) throws LessonException {
    return f.containsKey("within") ? yaml.duration(f.get("within"), MAX_WITHIN) : DEFAULT_WITHIN;
  }

  private String text(Node item, Map<String, NodeTuple> f, String key) throws LessonException {
    return yaml.text(yaml.require(item, f, key, "add `" + key + ": <" + key + ">`"));
  }

  private String node(Node item, Map<String, NodeTuple> f) throws LessonException {
    return node(item, f, "node");
  }

  private String node(Node item, Map<String, NodeTuple> f, String key) throws LessonException {
    NodeTuple tuple =
        yaml.require(item, f, key, "add `" + key + ": <node id>`; the config's nodes are " + ids());
    String id = yaml.nonBlank(tuple);
    checkNode(tuple, id);
    return id;
  }

  private List<String> nodes(Map<String, NodeTuple> f, String key) throws LessonException {
    if (!f.containsKey(key)) {
      return List.of();
    }
    List<String> ids = yaml.texts(f.get(key));
    for (String id : ids) {
      checkNode(f.get(key), id);
    }
    return ids;
  }

  private void checkNode(NodeTuple tuple, String id) throws LessonException {
    if (clusters.stream().allMatch(c -> c.findNode(id).isEmpty())) {
      throw yaml.error(
          tuple.getValueNode(),
          "no node '" + id + "' in the lesson's config",
          "use one of " + ids());
    }
  }

  /** A link or a held message joins two nodes of one cluster. */
  private void sameCluster(NodeTuple tuple, String a, String b) throws LessonException {
    if (clusters.stream().noneMatch(c -> c.findNode(a).isPresent() && c.findNode(b).isPresent())) {
      throw yaml.error(
          tuple.getValueNode(),
          a + " and " + b + " are in different clusters, with no link between" + " them",
          "name two nodes of the same cluster");
    }
  }

  private List<String> ids() {
    return clusters.stream().flatMap(c -> c.ids().stream()).toList();
  }
}
