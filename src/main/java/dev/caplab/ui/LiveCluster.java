package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import dev.caplab.client.ClusterObserver;
import dev.caplab.client.EventListener;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.client.StoreClient;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A real cluster: node processes through the {@link Supervisor}, puts and gets through the {@link StoreClient},
 * events through the {@link ClusterObserver}, faults and inspection through the {@link AdminClient}. Thread-safe;
 * no method blocks.
 */
final class LiveCluster implements ClusterGateway {

  static final int INSPECT_KEYS = 500;
  static final int INSPECT_LOG_LINES = 40;
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  /** Deadline of client calls while messages are held: the user steps them through at a lecture's pace. */
  static final Duration STEP_DEADLINE = Duration.ofMinutes(10);

  /** The gRPC side: built only once the node processes are launching (see {@link #connect}). */
  private record Clients(StoreClient store, StoreClient patientStore, AdminClient admin, ClusterObserver observer) {
    void close() {
      observer.close();
      store.close();
      patientStore.close();
      admin.close();
    }
  }

  private final ClusterConfig config;
  private final Supervisor supervisor;
  private final EventListener events;
  private final Executor eventExecutor;
  private final Set<String> holding = ConcurrentHashMap.newKeySet();
  private final ProcessListener processes;
  private final CompletableFuture<Clients> clients = new CompletableFuture<>();
  private final AtomicBoolean connecting = new AtomicBoolean();

  private LiveCluster(ClusterConfig config, Path dataDir, EventListener events, Executor eventExecutor,
      ProcessListener processes) {
    this.config = config;
    this.events = events;
    this.eventExecutor = eventExecutor;
    this.processes = processes;
    this.supervisor = new Supervisor(config, dataDir);
    supervisor.addListener((node, state) -> processes.onProcess(node, map(state)));
  }

  static ClusterGateway open(ClusterConfig config, Path dataDir, EventListener events, Executor eventExecutor,
      ProcessListener processes) {
    return new LiveCluster(config, dataDir, events, eventExecutor, processes);
  }

  @Override
  public CompletableFuture<Void> startAll() {
    return CompletableFuture.allOf(config.ids().stream().map(this::start).toArray(CompletableFuture[]::new));
  }

  /**
   * Builds the clients and starts watching, after the launches are queued: the first gRPC channel loads Netty,
   * which took over 3 s on a busy machine, and the nodes should boot meanwhile rather than wait for it. Nothing
   * is missed: each node keeps its events, and the observer reads them from the first.
   */
  private void connect() {
    if (connecting.compareAndSet(false, true)) {
      CompletableFuture.runAsync(() -> {
        try {
          clients.complete(new Clients(new StoreClient(config), new StoreClient(config, STEP_DEADLINE),
              new AdminClient(config), ClusterObserver.start(config, events, eventExecutor)));
        } catch (RuntimeException e) {
          clients.completeExceptionally(e);
        }
      });
    }
  }

  @Override
  public CompletableFuture<Void> start(String node) {
    CompletableFuture<Void> started = supervisor.start(node);
    connect();
    return started.whenComplete((v, error) -> {
      if (error != null) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        processes.onStartFailed(node, String.valueOf(cause.getMessage()).lines().findFirst().orElse(""));
      }
    });
  }

  @Override
  public CompletableFuture<Void> kill(String node) {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    BiConsumer<String, NodeProcessState> watch = (id, state) -> {
      if (id.equals(node) && !running(state)) {
        gone.complete(null);
      }
    };
    supervisor.addListener(watch);
    gone.whenComplete((v, e) -> supervisor.removeListener(watch));
    if (!running(supervisor.state(node))) {
      gone.complete(null);
    } else {
      supervisor.kill(node);
    }
    return gone.orTimeout(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<Void> stopAll() {
    // Off the supervisor's thread: closing the supervisor waits for that thread.
    return supervisor.stopAll().handleAsync((v, error) -> {
      clients.thenAccept(Clients::close); // now, or once they are built
      supervisor.close();
      if (error != null) {
        throw new CompletionException(error);
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<OpResult> put(String node, String key, String value) {
    return timed(node, store().thenCompose(s -> s.put(node, key, value)), (stored, micros) -> stored ? OpResult.ok(node, value, micros)
        : OpResult.failed(node, "REFUSED", "the write was voted down and aborted", micros));
  }

  @Override
  public CompletableFuture<OpResult> get(String node, String key) {
    return timed(node, store().thenCompose(s -> s.get(node, key)), (found, micros) -> found.isPresent()
        ? OpResult.ok(node, found.get(), micros) : OpResult.notFound(node, micros));
  }

  @Override
  public CompletableFuture<Void> slowDown(String node, int seconds) {
    return clients.thenCompose(c -> c.store().slowDown(node, seconds)).thenApply(ok -> null);
  }

  @Override
  public CompletableFuture<Void> restore(String node) {
    return clients.thenCompose(c -> c.store().restore(node)).thenApply(ok -> null);
  }

  @Override
  public CompletableFuture<Void> isolate(String node) {
    return clients.thenCompose(c -> eachPeer(node, peer -> c.admin().partition(node, peer)));
  }

  @Override
  public CompletableFuture<Void> heal(String node) {
    return clients.thenCompose(c -> eachPeer(node, peer -> c.admin().heal(node, peer)));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> setHold(String node, boolean on, Set<String> passTypes) {
    // Before the call: a put sent meanwhile already waits patiently.
    if (on) {
      holding.add(node);
    } else {
      holding.remove(node);
    }
    return clients.thenCompose(c -> c.admin().setHold(node, on, passTypes));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> release(String node, long id) {
    return clients.thenCompose(c -> c.admin().release(node, id));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> dropHeld(String node, long id) {
    return clients.thenCompose(c -> c.admin().dropHeld(node, id));
  }

  @Override
  public CompletableFuture<List<AdminClient.Rule>> rules(String node) {
    return clients.thenCompose(c -> c.admin().rules(node));
  }

  @Override
  public CompletableFuture<List<AdminClient.Rule>> setRule(String node, AdminClient.Rule rule) {
    return clients.thenCompose(c -> c.admin().setRule(node, rule));
  }

  @Override
  public CompletableFuture<List<AdminClient.Rule>> clearRule(String node, String peer) {
    return clients.thenCompose(c -> c.admin().clearRule(node, peer));
  }

  private CompletableFuture<StoreClient> store() {
    return clients.thenApply(c -> holding.isEmpty() ? c.store() : c.patientStore());
  }

  @Override
  public CompletableFuture<NodeSnapshot> inspect(String node) {
    return clients.thenCompose(c -> c.admin().inspect(node, INSPECT_KEYS, INSPECT_LOG_LINES));
  }

  @Override
  public CompletableFuture<List<String>> processLog(String node, int lines) {
    return CompletableFuture.supplyAsync(() -> supervisor.logTail(node, lines));
  }

  private CompletableFuture<Void> eachPeer(String node, Function<String, CompletableFuture<Void>> call) {
    return CompletableFuture.allOf(config.peersOf(node).stream().map(NodeConfig::id).map(call)
        .toArray(CompletableFuture[]::new));
  }

  /** Measures the call and turns a gRPC failure into a result the console shows (status and message). */
  private static <T> CompletableFuture<OpResult> timed(String node, CompletableFuture<T> call,
      ResultMaker<T> make) {
    long started = System.nanoTime();
    return call.handle((value, error) -> {
      long micros = (System.nanoTime() - started) / 1000;
      if (error == null) {
        return make.apply(value, micros);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof StatusRuntimeException status) {
        return OpResult.failed(node, status.getStatus().getCode().name(), status.getStatus().getDescription(),
            micros);
      }
      return OpResult.failed(node, cause.getClass().getSimpleName(), cause.getMessage(), micros);
    });
  }

  @FunctionalInterface
  private interface ResultMaker<T> {
    OpResult apply(T value, long micros);
  }

  private static boolean running(NodeProcessState state) {
    return state == NodeProcessState.STARTING || state == NodeProcessState.SERVING;
  }

  private static ProcessState map(NodeProcessState state) {
    return ProcessState.valueOf(state.name());
  }
}
