package dev.caplab.lesson;

import java.time.Duration;
import java.util.List;

/** What a {@code do} step does to the cluster: every action the GUI has. Immutable. */
public sealed interface Action {

  /** Sends a put to node; name lets an expect refer to it (default: the latest operation). */
  record Put(String node, String key, String value, String name) implements Action {}

  record Get(String node, String key, String name) implements Action {}

  /** SIGKILL, as a crash. */
  record Fail(String node) implements Action {}

  /** Starts the node again on its data; done when it serves. */
  record Recover(String node) implements Action {}

  /** The node delays every request it handles by seconds. */
  record Slow(String node, int seconds) implements Action {}

  record Restore(String node) implements Action {}

  /** Cuts every link of node, both ways. */
  record Isolate(String node) implements Action {}

  /** Heals every link of node. */
  record HealNode(String node) implements Action {}

  /** Cuts the link between a and b, both ways. */
  record Cut(String a, String b) implements Action {}

  /**
   * Cuts the link from sender to receiver only: sender drops what it sends to receiver; the other
   * way works.
   */
  record CutOneWay(String from, String to) implements Action {}

  record HealLink(String a, String b) implements Action {}

  /**
   * Closed-loop clients issuing puts and gets on keys, on the nodes round robin, until stop_load.
   */
  record StartLoad(int clients, List<String> nodes, List<String> keys, double readRatio)
      implements Action {
    public StartLoad {
      nodes = List.copyOf(nodes);
      keys = List.copyOf(keys);
    }
  }

  record StopLoad() implements Action {}

  /**
   * Hold mode on the nodes (every node when empty): their outgoing requests wait to be delivered.
   */
  record StepMode(boolean on, List<String> nodes) implements Action {
    public StepMode {
      nodes = List.copyOf(nodes);
    }
  }

  /**
   * Delivers (or drops) the oldest held message of type message that from holds for to (and key,
   * when not empty), or every such message when all; waits up to within for one to be held.
   */
  record Deliver(
      boolean drop,
      String from,
      String to,
      String message,
      String key,
      boolean all,
      Duration within)
      implements Action {}

  /**
   * Stops every node and starts the cluster of config on the same data directory: another failure
   * policy, or the other mode for a comparison. Later steps name the new cluster's nodes.
   */
  record RestartCluster(LessonConfig config) implements Action {}

  /**
   * The same fault or repair on the node of role in every cluster of the run (both, in a compare
   * lesson), one after the other without waiting between them; each of actions names one node.
   */
  record ByRole(NodeRole role, List<Action> actions) implements Action {
    public ByRole {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Arms the master to halt at a point of its next commit: after-prepare (every slave voted yes and
   * PREPARE is on disk) or after-commit (COMMIT is on disk, nobody told). Through the admin call,
   * so the master's events show it.
   */
  record ArmCrash(String node, String point) implements Action {}

  /** Lets time pass: leases run out, timeouts fire. */
  record Wait(Duration duration) implements Action {}
}
