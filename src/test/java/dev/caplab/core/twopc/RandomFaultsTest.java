package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.KvException;
import dev.caplab.core.Replica;
import dev.caplab.core.twopc.TestCluster.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers count up on a few keys while readers read from every node and a fault injector cuts
 * links, slows and restarts slaves (seeded). No read may return a value older than one acknowledged
 * before the read began; at the end every node holds the last acknowledged value.
 */
class RandomFaultsTest {

  private static final int KEYS = 4;
  private static final Duration RUN = Duration.ofSeconds(6);

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void noReadIsStaleUnderPartitionsSlowdownsAndSlaveRestarts(long seed) throws Exception {
    try (TestCluster cluster =
        new TestCluster(dir, false, "slave_1", "slave_2", "slave_3").started()) {
      ConcurrentHashMap<String, Integer> acknowledged = new ConcurrentHashMap<>();
      for (int k = 0; k < KEYS; k++) {
        cluster.master().put("key" + k, "0");
        acknowledged.put("key" + k, 0);
      }
      long end = System.nanoTime() + RUN.toNanos();
      AtomicReference<String> stale = new AtomicReference<>();
      AtomicInteger servedReads = new AtomicInteger();
      List<CompletableFuture<Void>> workers = new ArrayList<>();
      for (int k = 0; k < KEYS; k++) {
        String key = "key" + k;
        workers.add(CompletableFuture.runAsync(() -> write(cluster, key, acknowledged, end)));
      }
      for (TestNode node : cluster.all()) {
        workers.add(
            CompletableFuture.runAsync(() -> read(node, acknowledged, end, stale, servedReads)));
      }
      injectFaults(cluster, new Random(seed), end);
      TestCluster.join(CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)));
      heal(cluster);

      System.out.printf(
          "seed %d: %d reads served by slaves, acknowledged values %s, none stale%n",
          seed, servedReads.get(), acknowledged);
      assertThat(stale.get()).as("stale read").isNull();
      assertThat(servedReads.get()).as("reads served by slaves").isPositive();
      for (TestNode node : cluster.all()) {
        node.awaitServing();
        for (int k = 0; k < KEYS; k++) {
          String key = "key" + k;
          String expected = Integer.toString(acknowledged.get(key));
          await()
              .atMost(TestCluster.WAIT)
              .ignoreExceptions()
              .until(() -> node.get(key).equals(Optional.of(expected)));
        }
      }
    }
  }

  /** One writer per key, so acknowledged values per key only grow. */
  private static void write(
      TestCluster cluster, String key, ConcurrentHashMap<String, Integer> acked, long end) {
    int next = 1;
    while (System.nanoTime() < end) {
      TestNode via = cluster.master();
      try {
        via.putAsync(key, Integer.toString(next)).get(5, TimeUnit.SECONDS);
        acked.put(key, next);
      } catch (Exception e) {
        // unacknowledged: it may or may not have committed; a later value supersedes it
      }
      next++;
    }
  }

  private static void read(
      TestNode node,
      ConcurrentHashMap<String, Integer> acked,
      long end,
      AtomicReference<String> stale,
      AtomicInteger served) {
    int i = 0;
    while (System.nanoTime() < end) {
      pause();
      String key = "key" + (i++ % KEYS);
      int floor = acked.get(key);
      Replica replica = node.replica();
      if (replica == null) {
        continue; // crashed right now
      }
      try {
        Optional<String> value = replica.get(key).get(5, TimeUnit.SECONDS);
        if (!node.id.equals(CentralizedReplicas.MASTER)) {
          served.incrementAndGet();
        }
        if (value.isEmpty() || Integer.parseInt(value.get()) < floor) {
          stale.compareAndSet(
              null,
              node.id + " read " + key + "=" + value + " after " + floor + " was acknowledged");
        }
      } catch (Exception e) {
        Throwable cause = Coordinator.unwrap(e.getCause() == null ? e : e.getCause());
        if (!(cause instanceof KvException)) {
          stale.compareAndSet(null, node.id + ": unexpected " + cause);
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void injectFaults(TestCluster cluster, Random random, long end)
      throws InterruptedException {
    List<String> slaves = List.of("slave_1", "slave_2", "slave_3");
    while (System.nanoTime() < end) {
      String slave = slaves.get(random.nextInt(slaves.size()));
      switch (random.nextInt(4)) {
        case 0 -> cluster.network.cut("master", slave);
        case 1 -> cluster.network.slow(slave, TestCluster.PREPARE.multipliedBy(2));
        case 2 -> {
          TestNode node = cluster.node(slave);
          node.crash();
          Thread.sleep(100 + random.nextInt(300));
          node.start();
        }
        default -> heal(cluster);
      }
      Thread.sleep(200 + random.nextInt(400));
    }
  }

  private static void heal(TestCluster cluster) {
    for (String slave : List.of("slave_1", "slave_2", "slave_3")) {
      cluster.network.heal("master", slave);
      cluster.network.restore(slave);
    }
  }
}
