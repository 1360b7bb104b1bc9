package dev.caplab.server.centralized;

import static org.awaitility.Awaitility.await;

import dev.caplab.client.AdminClient;
import dev.caplab.client.StoreClient;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A centralized cluster of real node processes on 127.0.0.1 (ports 21000-21999: like every port of
 * this suite, below Linux's ephemeral range 32768-60999, so an outgoing connection never holds
 * one), with a client.
 */
final class ProcessCluster implements AutoCloseable {

  static final Duration START = Duration.ofSeconds(90);
  static final Duration WAIT = Duration.ofSeconds(30);
  // 21000-21009 stay free for hand-run clusters; the pid spreads concurrent test JVMs apart.
  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(21010 + 10 * (int) (ProcessHandle.current().pid() % 90));

  final Path dir;
  final Path configFile;
  final ClusterConfig config;
  final Supervisor supervisor;
  final StoreClient client;

  /** policy: exclude or strict. */
  ProcessCluster(Path dir, String policy) throws Exception {
    this(dir, policy, 500);
  }

  ProcessCluster(Path dir, String policy, int prepareTimeoutMillis) throws Exception {
    this(dir, policy, prepareTimeoutMillis, nextBase(), "");
  }

  /** On ports base..base+2, with extra config lines (e.g. "commit_protocol: parallel"). */
  ProcessCluster(Path dir, String policy, int prepareTimeoutMillis, int base, String extra)
      throws Exception {
    this.dir = dir;
    configFile = dir.resolve("cluster.yaml");
    Files.writeString(
        configFile,
        String.join(
            "\n",
            extra,
            "on_slave_failure: " + policy,
            "prepare_timeout_ms: " + prepareTimeoutMillis,
            "commit_timeout_ms: 500",
            "master: {ip: 127.0.0.1, port: " + base + "}",
            "slaves:",
            "  - {id: slave_1, ip: 127.0.0.1, port: " + (base + 1) + "}",
            "  - {id: slave_2, ip: 127.0.0.1, port: " + (base + 2) + "}",
            ""));
    config = ConfigLoader.load(configFile);
    supervisor = new Supervisor(config, dir.resolve("data"));
    client = new StoreClient(config, Duration.ofSeconds(10));
  }

  private static int nextBase() {
    int base = NEXT_PORT.getAndAdd(10);
    if (base + 3 > 21999) {
      NEXT_PORT.set(21010);
      base = NEXT_PORT.getAndAdd(10);
    }
    return base;
  }

  ProcessCluster startAll() {
    join(supervisor.startAll(), START);
    return this;
  }

  void start(String id) {
    join(supervisor.start(id), START);
  }

  /**
   * Arms the running master to halt at point (after-prepare, after-commit) of its next commit, as
   * the GUI can.
   */
  void crashMasterAt(String point) {
    try (AdminClient admin = new AdminClient(config)) {
      String armed = join(admin.armCrash("master", point), WAIT);
      if (!armed.equals(point)) {
        throw new AssertionError("master armed '" + armed + "', not " + point);
      }
    }
  }

  boolean put(String node, String key, String value) {
    return join(client.put(node, key, value), WAIT);
  }

  Optional<String> get(String node, String key) {
    return join(client.get(node, key), WAIT);
  }

  /** The gRPC status a call ended with, OK when it succeeded. */
  static Status.Code outcome(CompletableFuture<?> call) {
    try {
      call.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return Status.Code.OK;
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Waits until every node answers key with value (nodes may be catching up meanwhile). */
  void awaitEveryNodeHas(String key, String value) {
    for (String id : config.ids()) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(50))
          .ignoreExceptions()
          .until(() -> get(id, key).equals(Optional.of(value)));
    }
  }

  List<String> ids() {
    return config.ids();
  }

  @Override
  public void close() {
    client.close();
    supervisor.close();
  }

  static <T> T join(CompletableFuture<T> future, Duration max) {
    try {
      return future.get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().toString(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
