package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.KvException;
import dev.caplab.core.Replica;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.InMemoryNetwork;
import dev.caplab.core.storage.DurableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A master and slaves on an in-memory network, each with a real store and logs in its own
 * directory. Nodes crash (stop answering, close their files) and restart on the same directory.
 */
final class TestCluster implements AutoCloseable {

  static final Duration PREPARE = Duration.ofMillis(200);
  static final Duration COMMIT = Duration.ofMillis(200);
  static final Duration LEASE = Duration.ofMillis(400);
  static final Duration WAIT = Duration.ofSeconds(10);

  final InMemoryNetwork network = new InMemoryNetwork();
  final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "twopc-test");
            t.setDaemon(true);
            return t;
          });
  private final Path root;
  private final boolean strict;
  private final List<String> slaveIds;
  private final Map<String, TestNode> nodes = new LinkedHashMap<>();
  private boolean parallel;

  TestCluster(Path root, boolean strict, String... slaves) {
    this.root = root;
    this.strict = strict;
    this.slaveIds = List.of(slaves);
    node(CentralizedReplicas.MASTER);
    for (String slave : slaves) {
      node(slave);
    }
  }

  /** Runs parallel commits instead of the textbook protocol (before {@link #started()}). */
  TestCluster parallelCommits() {
    parallel = true;
    return this;
  }

  /** Starts every node and waits until all serve. */
  TestCluster started() {
    nodes.values().forEach(TestNode::start);
    nodes.values().forEach(TestNode::awaitServing);
    return this;
  }

  TestNode master() {
    return nodes.get(CentralizedReplicas.MASTER);
  }

  TestNode node(String id) {
    return nodes.computeIfAbsent(id, TestNode::new);
  }

  List<TestNode> all() {
    return new ArrayList<>(nodes.values());
  }

  @Override
  public void close() {
    nodes.values().forEach(TestNode::stop);
    network.close();
    scheduler.shutdownNow();
  }

  /** One node: its directory survives crashes. */
  final class TestNode {
    final String id;
    final Path dir;
    final List<ProtocolEvent> events = new CopyOnWriteArrayList<>();
    volatile CrashSeam crashes = CrashSeam.NONE;
    private DurableStore store;
    private Replica replica;
    private CompletableFuture<Void> started;

    TestNode(String id) {
      this.id = id;
      this.dir = root.resolve(id);
    }

    synchronized TestNode start() {
      try {
        store = DurableStore.open(dir.resolve("store"));
        TwoPcOptions options =
            new TwoPcOptions(id, slaveIds, "127.0.0.1:1", strict, PREPARE, COMMIT, LEASE, parallel);
        replica =
            CentralizedReplicas.create(
                options,
                dir,
                store,
                network.transport(id),
                events::add,
                scheduler,
                Clock.systemUTC(),
                point -> crashes.reached(point));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      network.register(id, replica);
      network.recover(id);
      started = replica.start();
      return this;
    }

    TestNode awaitServing() {
      try {
        started.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        throw new AssertionError(id + " did not start serving; status " + status(), e);
      }
      return this;
    }

    /**
     * Like SIGKILL as far as the others can tell: it stops answering at once; its files are closed.
     */
    synchronized void crash() {
      network.crash(id);
      stop();
    }

    synchronized void restart() {
      crash();
      start();
    }

    synchronized void stop() {
      if (replica == null) {
        return;
      }
      replica.close();
      try {
        store.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      replica = null;
    }

    synchronized Replica replica() {
      return replica;
    }

    synchronized DurableStore store() {
      return store;
    }

    String status() {
      Replica r = replica();
      return r == null ? "down" : r.status();
    }

    CompletableFuture<Void> putAsync(String key, String value) {
      return replica().put(key, value);
    }

    void put(String key, String value) {
      join(putAsync(key, value));
    }

    Optional<String> get(String key) {
      return join(replica().get(key));
    }

    /** The error a put ends with. */
    KvException putFails(String key, String value) {
      return failure(putAsync(key, value));
    }

    /** The put ends without an answer (the coordinator crashed under it). */
    void putCrashes(String key, String value) {
      try {
        putAsync(key, value).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        return;
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError(e);
      }
      throw new AssertionError("the put succeeded; expected the master to crash under it");
    }

    KvException getFails(String key) {
      return failure(replica().get(key));
    }

    void awaitStatus(String status) {
      await().atMost(WAIT).until(() -> status.equals(status()));
    }

    boolean saw(EventType type, String label) {
      return events.stream().anyMatch(e -> e.type() == type && e.label().equals(label));
    }

    void mustHave(String key, String value) {
      assertThat(store().get(key)).as(id + " holds " + key).map(v -> v.value()).contains(value);
    }
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  static KvException failure(CompletableFuture<?> future) {
    try {
      future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Coordinator.unwrap(e.getCause());
      assertThat(cause).isInstanceOf(KvException.class);
      return (KvException) cause;
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer", e);
    }
    throw new AssertionError("expected a failure but it succeeded");
  }
}
