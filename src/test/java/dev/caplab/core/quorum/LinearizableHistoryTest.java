package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.HistoryRecorder;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers and readers on one key through all three nodes; the recorded history must be
 * linearizable.
 */
class LinearizableHistoryTest {

  private static final List<String> NODES = List.of("node_0", "node_1", "node_2");

  @TempDir Path dir;
  private final ExecutorService clients = Executors.newFixedThreadPool(6);

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void concurrentWritersAndReadersOnOneKeyAreLinearizable() throws Exception {
    try (InMemoryQuorumCluster cluster = InMemoryQuorumCluster.assignment(dir)) {
      HistoryRecorder history = run(cluster, 300, 1, () -> {});
      assertLinearizable(history);
    }
  }

  @Test
  void historyStaysLinearizableThroughSlowNodesAndLostMessages() throws Exception {
    try (InMemoryQuorumCluster cluster = InMemoryQuorumCluster.assignment(dir)) {
      Random faults = new Random(7);
      HistoryRecorder history =
          run(
              cluster,
              300,
              2,
              () -> {
                switch (faults.nextInt(6)) {
                  case 0 ->
                      cluster
                          .network()
                          .slow(
                              NODES.get(faults.nextInt(3)), Duration.ofMillis(faults.nextInt(400)));
                  case 1 -> NODES.forEach(cluster.network()::restore);
                  case 2 ->
                      cluster
                          .network()
                          .cut(NODES.get(faults.nextInt(3)), NODES.get(faults.nextInt(3)));
                  case 3 -> {
                    for (String a : NODES) {
                      NODES.forEach(b -> cluster.network().heal(a, b));
                    }
                  }
                  default -> {}
                }
              });
      assertLinearizable(history);
    }
  }

  /**
   * Two clients per node, each doing opsPerClient/6 closed-loop ops, while a fault is injected
   * every 20 ms.
   */
  private HistoryRecorder run(InMemoryQuorumCluster cluster, int ops, long seed, Runnable fault)
      throws Exception {
    HistoryRecorder history = new HistoryRecorder(() -> System.nanoTime() / 1_000);
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      String client = "c" + c;
      String node = NODES.get(c % 3);
      Random random = new Random(seed * 100 + c);
      running.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < ops / 6; i++) {
                  if (random.nextBoolean()) {
                    String value = client + "-" + i;
                    HistoryRecorder.Pending call =
                        history.invoke(client, Operation.Type.PUT, "key", value);
                    try {
                      cluster.node(node).put("key", value).join();
                      call.ok();
                    } catch (CompletionException e) {
                      call.unknown(); // it may still take effect
                    }
                  } else {
                    HistoryRecorder.Pending call =
                        history.invoke(client, Operation.Type.GET, "key", null);
                    try {
                      Optional<String> value = cluster.node(node).get("key").join();
                      call.ok(value.orElse(null));
                    } catch (CompletionException e) {
                      call.unknown();
                    }
                  }
                }
              },
              clients));
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    while (!all.isDone()) {
      fault.run();
      Thread.sleep(20); // pacing of the fault injector, not a wait for an outcome
    }
    all.join();
    return history;
  }

  private static void assertLinearizable(HistoryRecorder history) {
    List<Operation> ops = history.operations();
    long reads =
        ops.stream().filter(o -> !o.isPut() && o.outcome() == Operation.Outcome.OK).count();
    assertThat(reads).as("successful reads").isGreaterThan(20);
    Verdict verdict = LinearizabilityChecker.check(ops);
    assertThat(verdict.linearizable()).as("%s", verdict.violation()).isTrue();
    // The live verdict, fed as the operations completed, agrees.
    assertThat(history.verdict().linearizable()).as("%s", history.verdict().violation()).isTrue();
  }
}
