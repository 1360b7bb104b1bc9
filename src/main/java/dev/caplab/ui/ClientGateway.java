package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import dev.caplab.client.ClusterObserver;
import dev.caplab.client.EventListener;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The client half of a gateway, the same whether this lab started the node processes ({@link
 * LiveCluster}) or attached to nodes running elsewhere ({@link AttachedCluster}): puts and gets
 * through the {@link StoreClient}, events through the {@link ClusterObserver}, faults and
 * inspection through the {@link AdminClient}, each talking to every node at its own config address.
 * Thread-safe; no method blocks.
 */
abstract class ClientGateway implements ClusterGateway {

  static final int INSPECT_KEYS = 500;
  static final int INSPECT_LOG_LINES = 40;

  /**
   * Deadline of client calls while messages are held: the user steps them through at a lecture's
   * pace.
   */
  static final Duration STEP_DEADLINE = Duration.ofMinutes(10);

  /** The gRPC side: built only once asked for (see {@link #connect}). */
  private record Clients(
      StoreClient store, StoreClient patientStore, AdminClient admin, ClusterObserver observer) {
    void close() {
      observer.close();
      store.close();
      patientStore.close();
      admin.close();
    }
  }

  final ClusterConfig config;
  private final EventListener events;
  private final Executor eventExecutor;

  /** Told of each node's process state and of a start that failed. */
  final ProcessListener processes;

  private final Set<String> holding = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<Clients> clients = new CompletableFuture<>();
  private final AtomicBoolean connecting = new AtomicBoolean();

  ClientGateway(
      ClusterConfig config,
      EventListener events,
      Executor eventExecutor,
      ProcessListener processes) {
    this.config = config;
    this.events = events;
    this.eventExecutor = eventExecutor;
    this.processes = processes;
  }

  /**
   * Builds the clients and starts watching, once, off the caller's thread: the first gRPC channel
   * loads Netty, which took over 3 s on a busy machine. Nothing is missed meanwhile: each node
   * keeps its events, and the observer reads them from the first.
   */
  final void connect() {
    if (connecting.compareAndSet(false, true)) {
      CompletableFuture.runAsync(
          () -> {
            try {
              clients.complete(
                  new Clients(
                      new StoreClient(config),
                      new StoreClient(config, STEP_DEADLINE),
                      new AdminClient(config),
                      ClusterObserver.start(config, events, eventExecutor)));
            } catch (RuntimeException e) {
              clients.completeExceptionally(e);
            }
          });
    }
  }

  /** Closes the clients now, or once they are built. */
  final void closeClients() {
    clients.thenAccept(Clients::close);
  }

  @Override
  public CompletableFuture<OpResult> put(String node, String key, String value) {
    return timed(
        node,
        store().thenCompose(s -> s.put(node, key, value)),
        (stored, micros) ->
            stored
                ? OpResult.ok(node, value, micros)
                : OpResult.failed(node, "REFUSED", "the write was voted down and aborted", micros));
  }

  @Override
  public CompletableFuture<OpResult> get(String node, String key) {
    return timed(
        node,
        store().thenCompose(s -> s.get(node, key)),
        (found, micros) ->
            found.isPresent()
                ? OpResult.ok(node, found.get(), micros)
                : OpResult.notFound(node, micros));
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
  public CompletableFuture<Void> armCrash(String node, String point) {
    return clients.thenCompose(c -> c.admin().armCrash(node, point)).thenApply(armed -> null);
  }

  @Override
  public CompletableFuture<AdminClient.HoldState> setHold(
      String node, boolean on, Set<String> passTypes) {
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

  @Override
  public CompletableFuture<NodeSnapshot> inspect(String node) {
    return clients.thenCompose(c -> c.admin().inspect(node, INSPECT_KEYS, INSPECT_LOG_LINES));
  }

  @Override
  public CompletableFuture<NodeSnapshot> inspectBrief(String node) {
    return clients.thenCompose(c -> c.admin().inspect(node, 1, 1));
  }

  private CompletableFuture<StoreClient> store() {
    return clients.thenApply(c -> holding.isEmpty() ? c.store() : c.patientStore());
  }

  private CompletableFuture<Void> eachPeer(
      String node, Function<String, CompletableFuture<Void>> call) {
    return CompletableFuture.allOf(
        config.peersOf(node).stream()
            .map(NodeConfig::id)
            .map(call)
            .toArray(CompletableFuture[]::new));
  }

  /** The failure inside a future's CompletionException. */
  static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /**
   * Measures the call and turns a gRPC failure into a result the console shows (status and
   * message).
   */
  private static <T> CompletableFuture<OpResult> timed(
      String node, CompletableFuture<T> call, ResultMaker<T> make) {
    long started = System.nanoTime();
    return call.handle(
        (value, error) -> {
          long micros = (System.nanoTime() - started) / 1000;
          if (error == null) {
            return make.apply(value, micros);
          }
          Throwable cause = cause(error);
          if (cause instanceof StatusRuntimeException status) {
            return OpResult.failed(
                node,
                status.getStatus().getCode().name(),
                status.getStatus().getDescription(),
                micros);
          }
          return OpResult.failed(
              node, cause.getClass().getSimpleName(), cause.getMessage(), micros);
        });
  }

  @FunctionalInterface
  private interface ResultMaker<T> {
    OpResult apply(T value, long micros);
  }
}
