package dev.caplab.server.decentralized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.StoreClient;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.history.HistoryRecorder;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Verdict;
import dev.caplab.tier.MultiProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many puts in flight at once, so that vote requests, votes, writes and acks to one peer travel in
 * batches (one gRPC message for several), over real node processes: a node killed while batches are
 * in flight loses no acknowledged write, and the reads stay linearizable throughout.
 */
@MultiProcess
class BatchedQuorumClusterTest {

  private static final List<String> NODES = List.of("node_0", "node_1", "node_2");
  private static final int IN_FLIGHT = 48;

  @TempDir Path dir;
  private ClusterConfig config;
  private Supervisor supervisor;
  private StoreClient client;
  private final ExecutorService clients = Executors.newFixedThreadPool(9);

  @BeforeEach
  void startCluster() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("decentralized.yaml"),
            """
        read_quorum: 2
        write_quorum: 3
        # Above the 500 ms default: CI machines are shared, and a cold JVM's first requests are slow.
        request_timeout_ms: 3000
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 32600, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 32601, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 32602, weight: 1}
        """);
    config = ConfigLoader.load(file);
    supervisor = new Supervisor(config, dir.resolve("data"));
    supervisor.startAll().get(60, TimeUnit.SECONDS);
    client = new StoreClient(config, Duration.ofSeconds(10));
  }

  @AfterEach
  void stopCluster() {
    clients.shutdownNow();
    client.close();
    supervisor.close();
  }

  @Test
  void nodeKilledMidBatchLosesNoAcknowledgedWriteAndReadsStayLinearizable() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicInteger issued = new AtomicInteger();
    // Own keys: IN_FLIGHT puts always outstanding, round robin over the coordinators.
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              Semaphore slots = new Semaphore(IN_FLIGHT);
              while (!stop.get()) {
                slots.acquireUninterruptibly();
                int i = issued.getAndIncrement();
                client
                    .put(NODES.get(i % 3), "own-" + i, "value-" + i)
                    .whenComplete(
                        (stored, error) -> {
                          if (error == null && stored) {
                            acknowledged.add(i);
                          }
                          slots.release();
                        });
              }
              slots.acquireUninterruptibly(IN_FLIGHT); // every put answered
            },
            clients);
    // Shared keys: closed-loop clients on every node, puts and gets recorded for the checker.
    HistoryRecorder history = new HistoryRecorder(() -> System.nanoTime() / 1_000);
    List<CompletableFuture<Void>> shared = new ArrayList<>();
    for (int c = 0; c < 8; c++) {
      String name = "c" + c;
      String node = NODES.get(c % 3);
      String key = "shared-" + (c % 2);
      Random random = new Random(c);
      shared.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; !stop.get(); i++) {
                  if (random.nextBoolean()) {
                    String value = name + "-" + i;
                    HistoryRecorder.Pending call =
                        history.invoke(name, Operation.Type.PUT, key, value);
                    try {
                      client.put(node, key, value).join();
                      call.ok();
                    } catch (RuntimeException e) {
                      call.unknown(); // it may still take effect
                    }
                  } else {
                    HistoryRecorder.Pending call =
                        history.invoke(name, Operation.Type.GET, key, null);
                    try {
                      call.ok(client.get(node, key).join().orElse(null));
                    } catch (RuntimeException e) {
                      call.unknown();
                    }
                  }
                }
              },
              clients));
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > 300);
    supervisor.kill("node_2"); // SIGKILL with batches in flight both ways
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> supervisor.state("node_2") == NodeProcessState.KILLED);
    int beforeRestart = acknowledged.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > beforeRestart + 200);
    supervisor.start("node_2").get(60, TimeUnit.SECONDS);
    int afterRestart = acknowledged.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > afterRestart + 300);
    stop.set(true);
    load.get(60, TimeUnit.SECONDS);
    CompletableFuture.allOf(shared.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    for (int i : acknowledged) {
      assertThat(get(NODES.get(i % 3), "own-" + i)).as("own-" + i).contains("value-" + i);
    }
    for (String reader : NODES) {
      for (int i : acknowledged.stream().filter(i -> i % 50 == 0).toList()) {
        assertThat(get(reader, "own-" + i))
            .as("own-" + i + " via " + reader)
            .contains("value-" + i);
      }
    }
    List<Operation> ops = history.operations();
    assertThat(ops.stream().filter(op -> !op.isPut() && op.outcome() == Operation.Outcome.OK))
        .hasSizeGreaterThan(30);
    Verdict verdict = LinearizabilityChecker.check(ops);
    assertThat(verdict.linearizable()).as("%s", verdict.violation()).isTrue();
  }

  private Optional<String> get(String node, String key) throws Exception {
    return client.get(node, key).get(30, TimeUnit.SECONDS);
  }
}
