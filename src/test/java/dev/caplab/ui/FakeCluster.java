package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import dev.caplab.client.EventListener;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A cluster without processes, for view tests that need a running lab but not its protocol: every
 * node serves at once, puts store, gets read back, and each call is recorded. Thread-safe.
 */
final class FakeCluster implements ClusterGateway {

  final List<String> calls = new CopyOnWriteArrayList<>();
  private final ClusterConfig config;
  private final ProcessListener processes;
  private final Map<String, String> data = new ConcurrentHashMap<>();
  private final Map<String, Integer> slow = new ConcurrentHashMap<>();

  /**
   * The event sequence number inspect answers carry (what the node had emitted when it answered).
   */
  volatile long lastSeq;

  /** When set, puts fail with UNAVAILABLE and this message. */
  volatile String refusal;

  /** When false, startAll leaves the nodes starting until {@link #serveAll} is called. */
  volatile boolean serveAtOnce = true;

  private FakeCluster(ClusterConfig config, ProcessListener processes) {
    this.config = config;
    this.processes = processes;
  }

  /** A factory that remembers the last cluster it opened in {@code opened}. */
  static ClusterGateway.Factory factory(CompletableFuture<FakeCluster> opened) {
    return (ClusterConfig config,
        Path dataDir,
        EventListener events,
        Executor eventExecutor,
        ProcessListener processes) -> {
      FakeCluster cluster = new FakeCluster(config, processes);
      opened.complete(cluster);
      return cluster;
    };
  }

  void serveAll() {
    config.ids().forEach(id -> processes.onProcess(id, NodeProcessState.SERVING));
  }

  @Override
  public CompletableFuture<Void> startAll() {
    calls.add("startAll");
    config.ids().forEach(id -> processes.onProcess(id, NodeProcessState.STARTING));
    if (serveAtOnce) {
      serveAll();
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> start(String node) {
    calls.add("start " + node);
    processes.onProcess(node, NodeProcessState.STARTING);
    processes.onProcess(node, NodeProcessState.SERVING);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> kill(String node) {
    calls.add("kill " + node);
    processes.onProcess(node, NodeProcessState.KILLED);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> stopAll() {
    calls.add("stopAll");
    config.ids().forEach(id -> processes.onProcess(id, NodeProcessState.STOPPED));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<OpResult> put(String node, String key, String value) {
    calls.add("put " + node + " " + key + "=" + value);
    if (refusal != null) {
      return CompletableFuture.completedFuture(
          OpResult.failed(node, "UNAVAILABLE", refusal, 1_200));
    }
    data.put(key, value);
    return CompletableFuture.completedFuture(OpResult.ok(node, value, 3_100));
  }

  @Override
  public CompletableFuture<OpResult> get(String node, String key) {
    calls.add("get " + node + " " + key);
    String value = data.get(key);
    return CompletableFuture.completedFuture(
        value == null ? OpResult.notFound(node, 2_000) : OpResult.ok(node, value, 3_100));
  }

  @Override
  public CompletableFuture<Void> slowDown(String node, int seconds) {
    calls.add("slowDown " + node + " " + seconds);
    slow.put(node, seconds);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> restore(String node) {
    calls.add("restore " + node);
    slow.remove(node);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> armCrash(String node, String point) {
    calls.add("armCrash " + node + " " + point);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> isolate(String node) {
    calls.add("isolate " + node);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> heal(String node) {
    calls.add("heal " + node);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> setHold(
      String node, boolean on, Set<String> passTypes) {
    calls.add("setHold " + node + " " + on);
    return CompletableFuture.completedFuture(
        new AdminClient.HoldState(on, List.of(), 0, List.copyOf(passTypes)));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> release(String node, long id) {
    calls.add("release " + node + " " + id);
    return CompletableFuture.completedFuture(
        new AdminClient.HoldState(true, List.of(), 0, List.of()));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> dropHeld(String node, long id) {
    calls.add("dropHeld " + node + " " + id);
    return CompletableFuture.completedFuture(
        new AdminClient.HoldState(true, List.of(), 0, List.of()));
  }

  @Override
  public CompletableFuture<NodeSnapshot> inspect(String node) {
    List<NodeSnapshot.Entry> entries =
        data.entrySet().stream()
            .map(e -> new NodeSnapshot.Entry(e.getKey(), e.getValue(), "1@" + node))
            .toList();
    return CompletableFuture.completedFuture(
        new NodeSnapshot(
            node,
            "serving",
            entries.size(),
            entries,
            List.of(),
            List.of(),
            lastSeq,
            slow.getOrDefault(node, 0)));
  }

  @Override
  public CompletableFuture<List<String>> processLog(String node, int lines) {
    return CompletableFuture.completedFuture(List.of("(fake node " + node + ")"));
  }
}
