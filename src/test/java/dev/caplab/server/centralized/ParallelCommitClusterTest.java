package dev.caplab.server.centralized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.AdminClient;
import dev.caplab.client.StoreClient;
import dev.caplab.tier.MultiProcess;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel commits on real node processes: the master answers once STAGE and every vote are
 * durable, before its COMMIT record; crashes in that window must neither lose an answered write nor
 * let an unprepared one through. Ports 32000-32449, below the ephemeral range (32768+).
 */
@MultiProcess
class ParallelCommitClusterTest {

  private static final AtomicInteger NEXT_PORT =
      new AtomicInteger(32000 + 50 * (int) (ProcessHandle.current().pid() % 9));

  @TempDir Path dir;
  private ProcessCluster cluster;

  private ProcessCluster cluster(String policy) throws Exception {
    cluster =
        new ProcessCluster(dir, policy, 500, NEXT_PORT.getAndAdd(5), "commit_protocol: parallel");
    return cluster.startAll();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyNodeReadsAPutRightAfterItsAnswer() throws Exception {
    cluster("exclude");
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String key = "writer-" + t;
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int round = 0; round < 15; round++) {
                  String value = key + "-" + round;
                  assertThat(cluster.put(cluster.ids().get(round % 3), key, value)).isTrue();
                  for (String node : cluster.ids()) {
                    assertThat(cluster.get(node, key)).as(node + " round " + round).contains(value);
                  }
                }
              }));
    }
    ProcessCluster.join(
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)), Duration.ofMinutes(2));
  }

  @Test
  void putAnsweredBeforeTheCommitRecordSurvivesTheMastersCrash() throws Exception {
    cluster("exclude");
    for (int i = 0; i < 20; i++) {
      assertThat(cluster.put("master", "acked" + i, "v" + i)).isTrue();
    }
    assertThat(cluster.put("master", "k", "old")).isTrue();
    cluster.crashMasterAt("after-ack");

    // Every slave prepared and STAGE is durable: the client hears success, then the master halts
    // before writing COMMIT or telling any slave.
    assertThat(cluster.put("master", "k", "new")).isTrue();
    await().atMost(ProcessCluster.WAIT).until(() -> cluster.supervisor.pid("master").isEmpty());
    CompletableFuture<Optional<String>> early = cluster.client.get("slave_1", "k");
    if (ProcessCluster.outcome(early) == Status.Code.OK) {
      assertThat(early.get()).as("slave_1 with the master down").contains("new");
    }

    cluster.start("master");
    cluster.awaitEveryNodeHas("k", "new");
    for (int i = 0; i < 20; i++) {
      cluster.awaitEveryNodeHas("acked" + i, "v" + i);
    }
    assertThat(cluster.put("master", "k", "after")).isTrue();
    cluster.awaitEveryNodeHas("k", "after");
  }

  @Test
  void stagedPutThatASlaveNeverPreparedIsAbortedAfterRestart() throws Exception {
    cluster("exclude");
    assertThat(cluster.put("master", "k", "old")).isTrue();
    try (AdminClient admin = new AdminClient(cluster.config)) {
      // slave_2 never sees the prepare; the master halts as soon as STAGE is on disk
      ProcessCluster.join(
          admin.setRule("master", new AdminClient.Rule("slave_2", 0, 0, true)),
          ProcessCluster.WAIT);
    }
    cluster.crashMasterAt("after-stage");
    assertThat(ProcessCluster.outcome(cluster.client.put("master", "k", "new")))
        .isNotEqualTo(Status.Code.OK);
    await().atMost(ProcessCluster.WAIT).until(() -> cluster.supervisor.pid("master").isEmpty());

    cluster.start("master");
    // slave_2 refuses the transaction when asked: aborted, and "new" is never served
    cluster.awaitEveryNodeHas("k", "old");
    assertThat(cluster.put("master", "k", "newer")).isTrue();
    cluster.awaitEveryNodeHas("k", "newer");
  }

  @Test
  void slaveKilledWhilePutsFlowLosesNoAnsweredWriteAndServesNothingStale() throws Exception {
    cluster("exclude");
    int keys = 8;
    Map<String, Integer> acked = new ConcurrentHashMap<>();
    Map<String, Integer> tried = new ConcurrentHashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<String> stale = new AtomicReference<>();
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int t = 0; t < keys; t++) {
      String key = "key" + t;
      writers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int v = 1; writing.get(); v++) {
                  tried.put(key, v);
                  if (ProcessCluster.outcome(cluster.client.put("master", key, Integer.toString(v)))
                      == Status.Code.OK) {
                    acked.put(key, v);
                    // read your write on a node that answers
                    CompletableFuture<Optional<String>> read = cluster.client.get("slave_1", key);
                    if (ProcessCluster.outcome(read) == Status.Code.OK) {
                      int seen = read.join().map(Integer::parseInt).orElse(0);
                      if (seen < v) {
                        stale.compareAndSet(null, key + ": read " + seen + " after " + v);
                      }
                    }
                  }
                }
              }));
    }
    await().atMost(ProcessCluster.WAIT).until(() -> acked.size() == keys);
    cluster.supervisor.kill("slave_2");
    await().atMost(ProcessCluster.WAIT).until(() -> cluster.supervisor.pid("slave_2").isEmpty());
    Map<String, Integer> beforeRestart = Map.copyOf(acked);
    await()
        .atMost(ProcessCluster.WAIT)
        .until(
            () ->
                beforeRestart.keySet().stream().allMatch(k -> acked.get(k) > beforeRestart.get(k)));
    cluster.start("slave_2");
    writing.set(false);
    ProcessCluster.join(
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)), ProcessCluster.WAIT);

    assertThat(stale.get()).as("stale read").isNull();
    for (int t = 0; t < keys; t++) {
      String key = "key" + t;
      int least = acked.get(key);
      int most = tried.get(key);
      for (String node : cluster.ids()) {
        await()
            .atMost(ProcessCluster.WAIT)
            .ignoreExceptions()
            .until(
                () -> {
                  int v = cluster.get(node, key).map(Integer::parseInt).orElse(0);
                  return v >= least && v <= most;
                });
      }
    }
  }

  @Test
  void clientGivingUpMidPutLeavesEveryNodeAgreeing() throws Exception {
    cluster("exclude");
    try (StoreClient impatient = new StoreClient(cluster.config, Duration.ofMillis(3))) {
      List<CompletableFuture<Boolean>> puts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        puts.add(impatient.put("master", "k" + (i % 5), "v" + i));
      }
      puts.forEach(p -> ProcessCluster.outcome(p)); // many give up: DEADLINE_EXCEEDED
    }
    for (int k = 0; k < 5; k++) {
      String key = "k" + k;
      await()
          .atMost(ProcessCluster.WAIT)
          .ignoreExceptions()
          .until(
              () -> {
                Optional<String> master = cluster.get("master", key);
                return cluster.get("slave_1", key).equals(master)
                    && cluster.get("slave_2", key).equals(master);
              });
      assertThat(cluster.put("master", key, "final")).isTrue();
      cluster.awaitEveryNodeHas(key, "final");
    }
  }

  @Test
  void wholeClusterKilledRightAfterAnswersKeepsEveryAnsweredWrite() throws Exception {
    cluster("exclude");
    int keys = 200;
    List<CompletableFuture<Boolean>> puts = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      puts.add(cluster.client.put("master", "key" + i, "v" + i));
    }
    List<Integer> answered = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      if (ProcessCluster.outcome(puts.get(i)) == Status.Code.OK) {
        answered.add(i);
      }
    }
    // SIGKILL at once: the last COMMIT records are likely not on disk yet
    for (String id : cluster.ids()) {
      cluster.supervisor.kill(id);
    }
    for (String id : cluster.ids()) {
      await().atMost(ProcessCluster.WAIT).until(() -> cluster.supervisor.pid(id).isEmpty());
    }
    assertThat(answered).hasSizeGreaterThan(keys / 2);
    cluster.startAll();
    for (int i : answered) {
      cluster.awaitEveryNodeHas("key" + i, "v" + i);
    }
  }
}
