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

  private final ClusterConfig config;
  private final Supervisor supervisor;
  private final StoreClient store;
  private final StoreClient patientStore;
  private final Set<String> holding = ConcurrentHashMap.newKeySet();
  private final AdminClient admin;
  private final ClusterObserver observer;
  private final ProcessListener processes;

  private LiveCluster(ClusterConfig config, Path dataDir, EventListener events, Executor eventExecutor,
      ProcessListener processes) {
    this.config = config;
    this.processes = processes;
    this.supervisor = new Supervisor(config, dataDir);
    supervisor.addListener((node, state) -> processes.onProcess(node, map(state)));
    this.store = new StoreClient(config);
    this.patientStore = new StoreClient(config, STEP_DEADLINE);
    this.admin = new AdminClient(config);
    this.observer = ClusterObserver.start(config, events, eventExecutor);
  }

  static ClusterGateway open(ClusterConfig config, Path dataDir, EventListener events, Executor eventExecutor,
      ProcessListener processes) {
    return new LiveCluster(config, dataDir, events, eventExecutor, processes);
  }

  @Override
  public CompletableFuture<Void> startAll() {
    return CompletableFuture.allOf(config.ids().stream().map(this::start).toArray(CompletableFuture[]::new));
  }

  @Override
  public CompletableFuture<Void> start(String node) {
    return supervisor.start(node).whenComplete((v, error) -> {
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
      observer.close();
      store.close();
      patientStore.close();
      admin.close();
      supervisor.close();
      if (error != null) {
        throw new CompletionException(error);
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<OpResult> put(String node, String key, String value) {
    return timed(node, store().put(node, key, value), (stored, micros) -> stored ? OpResult.ok(node, value, micros)
        : OpResult.failed(node, "REFUSED", "the write was voted down and aborted", micros));
  }

  @Override
  public CompletableFuture<OpResult> get(String node, String key) {
    return timed(node, store().get(node, key), (found, micros) -> found.isPresent()
        ? OpResult.ok(node, found.get(), micros) : OpResult.notFound(node, micros));
  }

  @Override
  public CompletableFuture<Void> slowDown(String node, int seconds) {
    return store.slowDown(node, seconds).thenApply(ok -> null);
  }

  @Override
  public CompletableFuture<Void> restore(String node) {
    return store.restore(node).thenApply(ok -> null);
  }

  @Override
  public CompletableFuture<Void> isolate(String node) {
    return eachPeer(node, peer -> admin.partition(node, peer));
  }

  @Override
  public CompletableFuture<Void> heal(String node) {
    return eachPeer(node, peer -> admin.heal(node, peer));
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> setHold(String node, boolean on, Set<String> passTypes) {
    // Before the call: a put sent meanwhile already waits patiently.
    if (on) {
      holding.add(node);
    } else {
      holding.remove(node);
    }
    return admin.setHold(node, on, passTypes);
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> release(String node, long id) {
    return admin.release(node, id);
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> dropHeld(String node, long id) {
    return admin.dropHeld(node, id);
  }

  private StoreClient store() {
    return holding.isEmpty() ? store : patientStore;
  }

  @Override
  public CompletableFuture<NodeSnapshot> inspect(String node) {
    return admin.inspect(node, INSPECT_KEYS, INSPECT_LOG_LINES);
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
