package dev.caplab.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forced records appended on an event loop ({@link LoopForce}): fsync'd by the loop itself. */
class RecordLogLoopTest {

  @TempDir Path dir;

  /** Stands in for an event loop: one thread, tasks in order, each after the one running. */
  private ExecutorService loop;

  private Thread loopThread;

  @BeforeEach
  void startLoop() throws Exception {
    loop = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-loop"));
    loopThread =
        loop.submit(
                () -> {
                  LoopForce.bindCurrentThread(loop);
                  return Thread.currentThread();
                })
            .get();
  }

  @AfterEach
  void stopLoop() throws InterruptedException {
    loop.shutdown();
    assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void forcedAppendsOfOneLoopTaskShareOneFsyncAndCompleteOnTheLoopAfterIt() throws Exception {
    Path file = dir.resolve("log");
    List<Thread> completedOn = Collections.synchronizedList(new ArrayList<>());
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      List<CompletableFuture<Void>> appends =
          onLoop(
              () -> {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                  futures.add(
                      log.append(bytes("r" + i))
                          .thenRun(() -> completedOn.add(Thread.currentThread())));
                }
                // Written, not yet forced: the loop forces them once this task is done.
                assertThat(futures).noneMatch(CompletableFuture::isDone);
                return futures;
              });
      CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      assertThat(log.fsyncCount()).isEqualTo(1);
      assertThat(completedOn).hasSize(5).containsOnly(loopThread);
    }
    assertThat(replay(file)).containsExactly("r0", "r1", "r2", "r3", "r4");
  }

  @Test
  void aWriterBatchAfterALoopsRecordForcesItAndAppliesItFirst() throws Exception {
    List<String> applied = Collections.synchronizedList(new ArrayList<>());
    try (RecordLog log = RecordLog.open(dir.resolve("log"), r -> {})) {
      onLoop(
          () -> {
            log.append(bytes("loop"), () -> applied.add("loop"));
            // Appended off the loop, it goes to the writer; the loop's force task has not run.
            CompletableFuture.supplyAsync(
                    () -> log.append(bytes("writer"), () -> applied.add("writer")))
                .join()
                .join();
            return null;
          });
      assertThat(applied).containsExactly("loop", "writer");
      assertThat(log.fsyncCount()).isEqualTo(1);
    }
  }

  @Test
  void rewriteKeepsARecordTheLoopWroteButHasNotForcedYet() throws Exception {
    Path file = dir.resolve("log");
    List<String> state = Collections.synchronizedList(new ArrayList<>());
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      CompletableFuture<Boolean> pending =
          onLoop(
              () -> {
                CompletableFuture<Boolean> put = log.append(bytes("put"), () -> state.add("put"));
                // A compaction writes the log anew from the state the durable records built.
                log.rewrite(() -> state.stream().map(RecordLogLoopTest::bytes).iterator());
                return put;
              });
      assertThat(pending.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(replay(file)).containsExactly("put");
  }

  @Test
  void closeForcesAndCompletesTheLoopsRecords() throws Exception {
    Path file = dir.resolve("log");
    RecordLog log = RecordLog.open(file, r -> {});
    CompletableFuture<Void> append =
        onLoop(
            () -> {
              CompletableFuture<Void> future = log.append(bytes("last"));
              log.close();
              assertThat(future).isCompleted();
              return future;
            });
    assertThat(append).isCompleted();
    assertThat(replay(file)).containsExactly("last");
  }

  @Test
  void failedFsyncOnTheLoopFailsItsRecordsAndEveryLaterAppend() throws Exception {
    try (RecordLog log = RecordLog.open(dir.resolve("log"), r -> {})) {
      log.forceHook(
          () -> {
            throw new IOException("injected: disk full");
          });
      List<CompletableFuture<Void>> appends =
          onLoop(() -> List.of(log.append(bytes("a")), log.append(bytes("b"))));
      for (CompletableFuture<Void> append : appends) {
        assertThatThrownBy(() -> append.get(10, TimeUnit.SECONDS))
            .hasRootCauseMessage("injected: disk full");
      }
      log.forceHook(() -> {});
      assertThatThrownBy(() -> onLoop(() -> log.append(bytes("after"))).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void aLoopThatRefusesTasksLeavesTheFsyncToTheWriter() throws Exception {
    Path file = dir.resolve("log");
    ExecutorService closingLoop = Executors.newSingleThreadExecutor();
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      CompletableFuture<Void> append =
          closingLoop
              .submit(
                  () -> {
                    LoopForce.bindCurrentThread(
                        task -> {
                          throw new RejectedExecutionException("loop shut down");
                        });
                    return log.append(bytes("late"));
                  })
              .get(10, TimeUnit.SECONDS);
      append.get(10, TimeUnit.SECONDS);
      assertThat(log.fsyncCount()).isEqualTo(1);
    } finally {
      closingLoop.shutdown();
    }
    assertThat(replay(file)).containsExactly("late");
  }

  private <T> T onLoop(ThrowingSupplier<T> body) throws Exception {
    return loop.submit(body::get).get(10, TimeUnit.SECONDS);
  }

  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  private static List<String> replay(Path file) throws IOException {
    List<String> replayed = new ArrayList<>();
    RecordLog.open(file, r -> replayed.add(new String(r, StandardCharsets.UTF_8))).close();
    return replayed;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
