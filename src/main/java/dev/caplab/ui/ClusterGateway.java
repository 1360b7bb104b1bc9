package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import dev.caplab.client.EventListener;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The GUI's one door to a running cluster. Every method is non-blocking and may be called from any
 * thread; the futures complete on background threads, so callers must hand results to the FX thread
 * themselves.
 */
interface ClusterGateway {

  /** Opens a gateway for one cluster: node processes, client calls, event stream, fault control. */
  @FunctionalInterface
  interface Factory {
    /**
     * Does not block. {@code events} is called through {@code eventExecutor}, one batch at a time
     * (so a slow consumer slows the stream down instead of piling events up); {@code processes} on
     * a supervisor thread.
     */
    ClusterGateway open(
        ClusterConfig config,
        Path dataDir,
        EventListener events,
        Executor eventExecutor,
        ProcessListener processes);
  }

  /** Called on a supervisor thread whenever a node process changes state or fails to start. */
  interface ProcessListener {
    void onProcess(String node, NodeProcessState state);

    /** The node did not come up; {@code reason} is one line (its log is in {@link #processLog}). */
    void onStartFailed(String node, String reason);
  }

  /**
   * Starts every node process; each one that cannot start is also reported to the process listener.
   */
  CompletableFuture<Void> startAll();

  /**
   * Starts one node again on its data directory (recovery); a failure is also reported as for
   * startAll.
   */
  CompletableFuture<Void> start(String node);

  /** SIGKILLs one node process. */
  CompletableFuture<Void> kill(String node);

  /** Stops every node process this gateway started and closes its connections. */
  CompletableFuture<Void> stopAll();

  CompletableFuture<OpResult> put(String node, String key, String value);

  CompletableFuture<OpResult> get(String node, String key);

  CompletableFuture<Void> slowDown(String node, int seconds);

  CompletableFuture<Void> restore(String node);

  /** Drops every message between the node and all its peers, both ways. */
  CompletableFuture<Void> isolate(String node);

  /** Removes the partition rules that {@link #isolate} set. */
  CompletableFuture<Void> heal(String node);

  /**
   * Hold mode at one node: its outgoing requests wait until released, except those of passTypes.
   * While any node holds, client calls get a long deadline, so a put can wait for the user to step
   * it through. (Defaults: a gateway without fault control refuses.)
   */
  default CompletableFuture<AdminClient.HoldState> setHold(
      String node, boolean on, Set<String> passTypes) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no hold mode here"));
  }

  /** Sends one held message of the node (id 0: all of them). */
  default CompletableFuture<AdminClient.HoldState> release(String node, long id) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no hold mode here"));
  }

  /**
   * Arms the master to halt at a point of its next commit (after-prepare, after-commit), through
   * the token-guarded admin call; its events show the arming. (Default: no crash points here.)
   */
  default CompletableFuture<Void> armCrash(String node, String point) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("no crash points here"));
  }

  /** Loses one held message of the node (id 0: all of them). */
  default CompletableFuture<AdminClient.HoldState> dropHeld(String node, long id) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no hold mode here"));
  }

  /**
   * The fault rules the node applies to what it sends, one per peer (a restarted node has none).
   */
  default CompletableFuture<List<AdminClient.Rule>> rules(String node) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no fault rules here"));
  }

  /**
   * Sets (replaces) the node's rule for what it sends to rule.peer(); answers the node's rules
   * after the call.
   */
  default CompletableFuture<List<AdminClient.Rule>> setRule(String node, AdminClient.Rule rule) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no fault rules here"));
  }

  /** Removes the node's rule for what it sends to peer; answers the node's rules after the call. */
  default CompletableFuture<List<AdminClient.Rule>> clearRule(String node, String peer) {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no fault rules here"));
  }

  /** What the node itself reports: keys with versions, transactions, log tail. */
  CompletableFuture<NodeSnapshot> inspect(String node);

  /**
   * As {@link #inspect}, for a node only its card shows (key count, status): the node may leave out
   * most keys and log lines.
   */
  default CompletableFuture<NodeSnapshot> inspectBrief(String node) {
    return inspect(node);
  }

  /**
   * The last lines the node process wrote, kept by the supervisor (useful when the node is down).
   */
  CompletableFuture<List<String>> processLog(String node, int lines);
}
