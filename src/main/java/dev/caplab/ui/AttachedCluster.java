package dev.caplab.ui;

import dev.caplab.client.EventListener;
import dev.caplab.client.StoreClient;
import dev.caplab.client.SupervisorClient;
import dev.caplab.client.SupervisorClient.NodeProcessInfo;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Nodes that already run, on this machine or others (started by `caplab cluster --only` or `caplab
 * node`): this lab starts and stops no process. Fail and recover go to the supervisor next to the
 * node when one listens there; each node's process state comes from that supervisor, or else from
 * the node's own health service, asked once a {@link #PROBE_PERIOD}. Detaching closes the
 * connections and leaves the nodes running. Thread-safe; no method blocks.
 */
final class AttachedCluster extends ClientGateway {

  static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
  static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

  private final SupervisorClient supervisors;
  private final StoreClient probe;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "attached-probe");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, NodeProcessState> seen = new ConcurrentHashMap<>();
  private final Set<String> probing = ConcurrentHashMap.newKeySet();

  /**
   * Per node, bumped by each fail/recover: a probe that began before it reports a state that is
   * over.
   */
  private final Map<String, AtomicLong> generation = new ConcurrentHashMap<>();

  private AttachedCluster(
      ClusterConfig config,
      EventListener events,
      Executor eventExecutor,
      ProcessListener processes) {
    super(config, events, eventExecutor, processes);
    this.supervisors = new SupervisorClient(config);
    this.probe = new StoreClient(config);
    config.ids().forEach(id -> generation.put(id, new AtomicLong()));
  }

  /**
   * Matches {@link ClusterGateway.Factory}; dataDir is unused (each node's data lives on its own
   * host).
   */
  static ClusterGateway open(
      ClusterConfig config,
      Path dataDir,
      EventListener events,
      Executor eventExecutor,
      ProcessListener processes) {
    return new AttachedCluster(config, events, eventExecutor, processes);
  }

  /**
   * Attaches: connects to every node and completes once each has been probed once (whatever it
   * answered).
   */
  @Override
  public CompletableFuture<Void> startAll() {
    connect();
    CompletableFuture<Void> first = probeAll();
    timer.scheduleWithFixedDelay(
        this::probeAll, PROBE_PERIOD.toMillis(), PROBE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return first;
  }

  /** Recovers the node through its supervisor: completes once it serves again. */
  @Override
  public CompletableFuture<Void> start(String node) {
    return supervise(
        node,
        SupervisorClient::recover,
        cause -> {
          if (Status.fromThrowable(cause).getCode() == Status.Code.FAILED_PRECONDITION) {
            processes.onStartFailed(node, Status.fromThrowable(cause).getDescription());
          }
        });
  }

  /** Kills the node through its supervisor: completes once its process is gone. */
  @Override
  public CompletableFuture<Void> kill(String node) {
    return supervise(node, SupervisorClient::fail, cause -> {});
  }

  /**
   * Reports the state the supervisor's answer gives; a failure goes to onError, then fails the
   * result with the supervisor's reason in plain words.
   */
  private CompletableFuture<Void> supervise(
      String node,
      BiFunction<SupervisorClient, String, CompletableFuture<NodeProcessInfo>> call,
      Consumer<Throwable> onError) {
    generation.get(node).incrementAndGet();
    return call.apply(supervisors, node)
        .handle(
            (p, error) -> {
              if (error == null) {
                report(node, NodeProcessState.valueOf(p.state()));
                return null;
              }
              Throwable cause = cause(error);
              onError.accept(cause);
              throw new UnsupportedOperationException(supervisors.explain(node, cause));
            });
  }

  /**
   * Detaches: stops probing and closes every connection; the nodes go on running on their hosts.
   */
  @Override
  public CompletableFuture<Void> stopAll() {
    return CompletableFuture.runAsync(
        () -> {
          timer.shutdownNow();
          closeClients();
          supervisors.close();
          probe.close();
        });
  }

  /** What the node's process wrote, from its supervisor; a note saying why when there is none. */
  @Override
  public CompletableFuture<List<String>> processLog(String node, int lines) {
    return supervisors
        .log(node, lines)
        .exceptionally(
            error ->
                List.of("(no log from here: " + supervisors.explain(node, cause(error)) + ")"));
  }

  private CompletableFuture<Void> probeAll() {
    return CompletableFuture.allOf(
        config.ids().stream().map(this::probe).toArray(CompletableFuture[]::new));
  }

  /** The supervisor's account of the node if one answers, else the node's health; never fails. */
  private CompletableFuture<Void> probe(String node) {
    if (!probing.add(node)) {
      return CompletableFuture.completedFuture(null); // the last one is still waiting for an answer
    }
    long asked = generation.get(node).get();
    return supervisors
        .list(node)
        .thenApply(
            list ->
                list.stream()
                    .filter(p -> p.node().equals(node))
                    .findFirst()
                    .map(p -> NodeProcessState.valueOf(p.state()))
                    .orElseThrow())
        .exceptionallyCompose(
            noSupervisor ->
                probe
                    .serving(node, HEALTH_TIMEOUT)
                    .thenApply(
                        serving -> serving ? NodeProcessState.SERVING : NodeProcessState.STARTING)
                    .exceptionally(down -> NodeProcessState.UNREACHABLE))
        .thenAccept(
            state -> {
              probing.remove(node);
              if (generation.get(node).get() == asked) {
                report(node, state);
              }
            });
  }

  private void report(String node, NodeProcessState state) {
    if (seen.put(node, state) != state) {
      processes.onProcess(node, state);
    }
  }
}
