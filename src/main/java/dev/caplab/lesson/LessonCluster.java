package dev.caplab.lesson;

import dev.caplab.client.AdminClient;
import dev.caplab.client.ClusterObserver;
import dev.caplab.client.StoreClient;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.core.history.Operation.Outcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The real cluster a lesson runs on: node processes (through the {@link Supervisor}), the store and
 * admin clients, and the event log the observer fills. Records every operation sent, for expects
 * and the history. Thread-safe.
 */
final class LessonCluster implements AutoCloseable {

  /**
   * Answers after which a put certainly had no effect: voted down, or refused before it started.
   */
  private static final Set<String> DEFINITE_FAILURES =
      Set.of(
          Expectation.REFUSED,
          Status.Code.INVALID_ARGUMENT.name(),
          Status.Code.FAILED_PRECONDITION.name());

  /** Long: a request may wait in hold mode while the lesson goes on. */
  static final Duration CLIENT_DEADLINE = Duration.ofSeconds(30);

  final ClusterConfig config;
  final Supervisor supervisor;
  final StoreClient store;
  final AdminClient admin;
  final EventLog events = new EventLog();
  private final ExecutorService eventThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "lesson-events");
            t.setDaemon(true);
            return t;
          });
  private final ClusterObserver observer;
  private final List<Operation> operations = new ArrayList<>(); // guarded by this
  private final long startNanos = System.nanoTime();

  LessonCluster(ClusterConfig config, Path dataDir) {
    this.config = config;
    this.supervisor = new Supervisor(config, dataDir);
    this.store = new StoreClient(config, CLIENT_DEADLINE);
    this.admin = new AdminClient(config);
    this.observer = ClusterObserver.start(config, events, eventThread);
  }

  Operation put(String process, String node, String key, String value) {
    long invoked = micros();
    CompletableFuture<Operation.Result> result =
        store
            .put(node, key, value)
            .handle(
                (stored, error) ->
                    error == null
                        ? new Operation.Result(
                            stored ? Expectation.OK : Expectation.REFUSED,
                            Optional.empty(),
                            stored ? "" : "the write was voted down",
                            micros())
                        : failure(error));
    return record(new Operation(process, "put", node, key, value, invoked, result));
  }

  Operation get(String process, String node, String key) {
    long invoked = micros();
    CompletableFuture<Operation.Result> result =
        store
            .get(node, key)
            .handle(
                (found, error) ->
                    error == null
                        ? new Operation.Result(
                            found.isPresent() ? Expectation.OK : Expectation.NOT_FOUND,
                            found,
                            "",
                            micros())
                        : failure(error));
    return record(new Operation(process, "get", node, key, null, invoked, result));
  }

  synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  /**
   * Every operation sent so far as a history (DESIGN §2): a put that failed with a status that does
   * not rule out its effect, or that has no answer yet, is unknown; a get without a value says
   * nothing and fails.
   */
  List<dev.caplab.core.history.Operation> history() {
    long now = micros();
    List<dev.caplab.core.history.Operation> history = new ArrayList<>();
    for (Operation op : operations()) {
      Operation.Result r = op.result.getNow(null);
      long completed = r == null ? now : r.completeMicros();
      boolean put = "put".equals(op.op);
      Outcome outcome;
      if (r != null && r.ok()) {
        outcome = Outcome.OK;
      } else if (put && (r == null || !DEFINITE_FAILURES.contains(r.outcome()))) {
        outcome = Outcome.UNKNOWN;
      } else {
        outcome = Outcome.FAIL;
      }
      history.add(
          put
              ? dev.caplab.core.history.Operation.put(
                  op.process, op.key, op.value, op.invokeMicros, completed, outcome)
              : dev.caplab.core.history.Operation.get(
                  op.process,
                  op.key,
                  r == null ? null : r.value().orElse(null),
                  op.invokeMicros,
                  completed,
                  outcome));
    }
    return history;
  }

  boolean running(String node) {
    NodeProcessState state = supervisor.state(node);
    return state == NodeProcessState.STARTING || state == NodeProcessState.SERVING;
  }

  private synchronized Operation record(Operation op) {
    operations.add(op);
    return op;
  }

  private Operation.Result failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof StatusRuntimeException e) {
      Status status = e.getStatus();
      return new Operation.Result(
          status.getCode().name(),
          Optional.empty(),
          status.getDescription() == null ? "" : status.getDescription(),
          micros());
    }
    return new Operation.Result(
        Status.Code.UNKNOWN.name(), Optional.empty(), String.valueOf(cause), micros());
  }

  long micros() {
    return (System.nanoTime() - startNanos) / 1000;
  }

  @Override
  public void close() {
    observer.close();
    eventThread.shutdownNow();
    store.close();
    admin.close();
    supervisor.close();
  }
}
