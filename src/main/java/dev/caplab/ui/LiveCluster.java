package dev.caplab.ui;

import dev.caplab.client.EventListener;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.lesson.LessonRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A real cluster this lab runs: node processes through the {@link Supervisor}, everything else
 * through the clients of {@link ClientGateway}. Thread-safe; no method blocks.
 */
final class LiveCluster extends ClientGateway {

  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final Supervisor supervisor;

  /**
   * False when another part (a lesson) started the processes and stops them: this gateway only uses
   * them.
   */
  private final boolean owned;

  private final BiConsumer<String, NodeProcessState> relay;

  private LiveCluster(
      ClusterConfig config,
      Supervisor supervisor,
      boolean owned,
      EventListener events,
      Executor eventExecutor,
      ProcessListener processes) {
    super(config, events, eventExecutor, processes);
    this.supervisor = supervisor;
    this.owned = owned;
    this.relay = processes::onProcess;
    supervisor.addListener(relay);
  }

  static ClusterGateway open(
      ClusterConfig config,
      Path dataDir,
      EventListener events,
      Executor eventExecutor,
      ProcessListener processes) {
    return new LiveCluster(
        config, new Supervisor(config, dataDir), true, events, eventExecutor, processes);
  }

  /**
   * A factory of gateways onto the processes a lesson's run already runs: startAll only reports
   * their states and connects, stopAll only disconnects; the owner stops the processes. Fail and
   * recover still go through the same supervisor, so the lesson and the GUI see one cluster.
   */
  static ClusterGateway.Factory attachTo(LessonRun lesson) {
    Supervisor supervisor = lesson.supervisor();
    return (config, dataDir, events, eventExecutor, processes) ->
        new LiveCluster(config, supervisor, false, events, eventExecutor, processes);
  }

  @Override
  public CompletableFuture<Void> startAll() {
    if (!owned) {
      connect();
      config.ids().forEach(id -> processes.onProcess(id, supervisor.state(id)));
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.allOf(
        config.ids().stream().map(this::start).toArray(CompletableFuture[]::new));
  }

  /** The clients are built after the launches are queued, so that the nodes boot meanwhile. */
  @Override
  public CompletableFuture<Void> start(String node) {
    CompletableFuture<Void> started = supervisor.start(node);
    connect();
    return started.whenComplete(
        (v, error) -> {
          if (error != null) {
            processes.onStartFailed(
                node, String.valueOf(cause(error).getMessage()).lines().findFirst().orElse(""));
          }
        });
  }

  @Override
  public CompletableFuture<Void> kill(String node) {
    CompletableFuture<Void> gone = new CompletableFuture<>();
    BiConsumer<String, NodeProcessState> watch =
        (id, state) -> {
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
    if (!owned) {
      supervisor.removeListener(relay);
      return CompletableFuture.runAsync(this::closeClients);
    }
    // Off the supervisor's thread: closing the supervisor waits for that thread.
    return supervisor
        .stopAll()
        .handleAsync(
            (v, error) -> {
              closeClients();
              supervisor.close();
              if (error != null) {
                throw new CompletionException(error);
              }
              return null;
            });
  }

  @Override
  public CompletableFuture<List<String>> processLog(String node, int lines) {
    return CompletableFuture.supplyAsync(() -> supervisor.logTail(node, lines));
  }

  private static boolean running(NodeProcessState state) {
    return state == NodeProcessState.STARTING || state == NodeProcessState.SERVING;
  }
}
