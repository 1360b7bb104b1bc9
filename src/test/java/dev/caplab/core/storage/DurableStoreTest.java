package dev.caplab.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableStoreTest {

  @TempDir Path dir;

  @Test
  void olderPutDoesNotOverrideNewer() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.put("x", "new", new Version(5, "master")).join()).isTrue();

      assertThat(store.put("x", "old", new Version(4, "slave1")).join()).isFalse();
      assertThat(store.put("x", "same", new Version(5, "master")).join()).isFalse();
      assertThat(store.put("x", "tie-lower", new Version(5, "a")).join()).isFalse();
      assertThat(store.get("x")).contains(new Versioned("new", new Version(5, "master")));

      assertThat(store.put("x", "tie-higher", new Version(5, "slave1")).join()).isTrue();
      assertThat(store.version("x")).isEqualTo(new Version(5, "slave1"));
    }
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.get("x")).contains(new Versioned("tie-higher", new Version(5, "slave1")));
    }
  }

  @Test
  void unforcedPutIsVisibleOnceWrittenAndReachesTheDiskWithTheNextSync() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      long fsyncs = store.fsyncCount();
      assertThat(store.putUnforced("x", "v", new Version(3, "master")).join()).isTrue();
      assertThat(store.get("x")).contains(new Versioned("v", new Version(3, "master")));
      assertThat(store.fsyncCount()).isEqualTo(fsyncs);
      assertThat(store.putUnforced("x", "older", new Version(2, "master")).join()).isFalse();

      store.sync().join();
      assertThat(store.fsyncCount()).isEqualTo(fsyncs + 1);
    }
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.get("x")).contains(new Versioned("v", new Version(3, "master")));
    }
  }

  @Test
  void absentKeyHasVersionZero() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.get("nope")).isEmpty();
      assertThat(store.version("nope")).isEqualTo(Version.ZERO);
      assertThat(store.maxCounter()).isZero();
    }
  }

  @Test
  void unicodeNulEmptyAndOneMebibyteValuesRoundTrip() throws IOException {
    Map<String, String> values = new TreeMap<>();
    values.put("empty", "");
    values.put("nul", "a\0b\0");
    values.put("emoji 🦄", "héllo wörld ✓ 𝄞 🦄👩‍👩‍👧");
    values.put("", "empty key");
    values.put("big", "ü".repeat(512 * 1024)); // 1 MiB of UTF-8, beyond writeUTF's 64 KiB
    try (DurableStore store = DurableStore.open(dir)) {
      values.forEach(
          (k, v) -> assertThat(store.put(k, v, new Version(1, "n\0😀")).join()).isTrue());
      values.forEach((k, v) -> assertThat(store.get(k).orElseThrow().value()).isEqualTo(v));
      store.putMeta("meta 🦄", "\0").join();
    }
    try (DurableStore store = DurableStore.open(dir)) {
      values.forEach(
          (k, v) -> assertThat(store.get(k)).contains(new Versioned(v, new Version(1, "n\0😀"))));
      assertThat(store.getMeta("meta 🦄")).contains("\0");
    }
  }

  @Test
  void putIsVisibleOnlyAfterItsFutureCompletes() throws Exception {
    CountDownLatch forceReached = new CountDownLatch(1);
    CountDownLatch releaseForce = new CountDownLatch(1);
    try (DurableStore store = DurableStore.open(dir)) {
      store
          .log()
          .forceHook(
              () -> {
                forceReached.countDown();
                await(releaseForce);
              });

      CompletableFuture<Boolean> put = store.put("k", "v", new Version(1, "master"));
      assertThat(forceReached.await(10, TimeUnit.SECONDS)).isTrue(); // written, not yet fsync'd

      assertThat(store.get("k")).isEmpty();
      assertThat(store.size()).isZero();
      assertThat(put).isNotDone();

      releaseForce.countDown();
      assertThat(put.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(store.get("k")).contains(new Versioned("v", new Version(1, "master")));
    }
  }

  @Test
  void concurrentPutsShareFsyncs() throws Exception {
    int threads = 16;
    int putsPerThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DurableStore store = DurableStore.open(dir)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String node = "node" + t;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= putsPerThread; i++) {
                    assertThat(store.put(node + "/" + i, "v" + i, new Version(i, node)).join())
                        .isTrue();
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
      assertThat(store.size()).isEqualTo(threads * putsPerThread);
      assertThat(store.fsyncCount()).isLessThan(threads * putsPerThread);
    } finally {
      pool.shutdownNow();
    }
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.size()).isEqualTo(threads * putsPerThread);
      for (int t = 0; t < threads; t++) {
        for (int i = 1; i <= putsPerThread; i++) {
          assertThat(store.get("node" + t + "/" + i))
              .contains(new Versioned("v" + i, new Version(i, "node" + t)));
        }
      }
      assertThat(store.maxCounter()).isEqualTo(putsPerThread);
    }
  }

  @Test
  void concurrentPutsToOneKeyConvergeToTheHighestVersion() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try (DurableStore store = DurableStore.open(dir)) {
      List<CompletableFuture<Boolean>> puts = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String node = "node" + w;
        workers.add(
            pool.submit(
                () -> {
                  await(start);
                  for (int i = 1; i <= 100; i++) {
                    CompletableFuture<Boolean> put =
                        store.put("hot", node + ":" + i, new Version(i, node));
                    synchronized (puts) {
                      puts.add(put);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      Versioned highest = new Versioned("node7:100", new Version(100, "node7"));
      assertThat(store.get("hot")).contains(highest);
      store.close();
      try (DurableStore reopened = DurableStore.open(dir)) {
        assertThat(reopened.get("hot")).contains(highest);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void snapshotAfterCompactionAndReplayEqualsLiveState() throws IOException {
    Random random = new Random(20240611L);
    SortedMap<String, Versioned> live;
    SortedMap<String, String> liveMeta;
    long liveMaxCounter;
    try (DurableStore store = DurableStore.open(dir, 4096)) {
      for (int op = 0; op < 3000; op++) {
        String key = "k" + random.nextInt(60);
        Version version = new Version(random.nextInt(400), "n" + random.nextInt(3));
        if (random.nextInt(20) == 0) {
          store.putMeta("watermark" + random.nextInt(3), Integer.toString(op)).join();
        } else {
          store.put(key, "value-" + op + "-" + "x".repeat(random.nextInt(40)), version).join();
        }
      }
      assertThat(store.compactionCount()).isGreaterThan(3);
      live = store.snapshot();
      liveMeta = store.metaSnapshot();
      liveMaxCounter = store.maxCounter();
    }
    try (DurableStore store = DurableStore.open(dir, 4096)) {
      assertThat(store.snapshot()).isEqualTo(live);
      assertThat(store.metaSnapshot()).isEqualTo(liveMeta);
      assertThat(store.maxCounter()).isEqualTo(liveMaxCounter);
    }
  }

  @Test
  void compactionKeepsPutsThatRaceWithIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (DurableStore store = DurableStore.open(dir, 2048)) {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String node = "n" + t;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= 300; i++) {
                    store.put(node + "-" + (i % 37), "v" + i, new Version(i, node)).join();
                  }
                  return null;
                }));
      }
      for (Future<?> worker : workers) {
        worker.get(60, TimeUnit.SECONDS);
      }
      assertThat(store.compactionCount()).isPositive();
      SortedMap<String, Versioned> live = store.snapshot();
      assertThat(live).hasSize(4 * 37);
      store.close();
      try (DurableStore reopened = DurableStore.open(dir, 2048)) {
        assertThat(reopened.snapshot()).isEqualTo(live);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void entriesNewerThanAreOrderedByVersion() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      store.put("a", "1", new Version(3, "m")).join();
      store.put("b", "2", new Version(1, "m")).join();
      store.put("c", "3", new Version(3, "a")).join();
      store.put("d", "4", new Version(7, "m")).join();

      assertThat(store.entriesNewerThan(1))
          .extracting(Map.Entry::getKey)
          .containsExactly("c", "a", "d");
      assertThat(store.entriesNewerThan(7)).isEmpty();
      assertThat(store.maxCounter()).isEqualTo(7);
    }
  }

  @Test
  void metaLastWriteWinsAndSurvivesReopen() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      store.putMeta("watermark", "1").join();
      store.putMeta("watermark", "2").join();
      assertThat(store.getMeta("watermark")).contains("2");
      assertThat(store.getMeta("other")).isEmpty();
    }
    try (DurableStore store = DurableStore.open(dir)) {
      assertThat(store.getMeta("watermark")).contains("2");
    }
  }

  @Test
  void closeWithPendingPutsCompletesThemDurably() throws IOException {
    DurableStore store = DurableStore.open(dir);
    List<CompletableFuture<Boolean>> puts = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      puts.add(store.put("k" + i, "v", new Version(i, "m")));
    }
    store.close();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> puts.stream().allMatch(CompletableFuture::isDone));
    assertThat(puts).allSatisfy(p -> assertThat(p.join()).isTrue());
    assertThatThrownBy(() -> store.put("late", "v", new Version(1, "m")).join())
        .hasCauseInstanceOf(IOException.class);
    try (DurableStore reopened = DurableStore.open(dir)) {
      assertThat(reopened.size()).isEqualTo(300);
    }
  }

  @Test
  void secondOpenOfTheSameDirectoryFails() throws IOException {
    try (DurableStore store = DurableStore.open(dir)) {
      assertThatThrownBy(() -> DurableStore.open(dir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
