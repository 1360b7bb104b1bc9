package dev.caplab.ui;

import static dev.caplab.ui.Ev.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FxInboxTest {

  /** Stands in for the FX thread's queue: tasks wait until the test runs them. */
  private final ConcurrentLinkedQueue<Runnable> fxTasks = new ConcurrentLinkedQueue<>();

  private final Executor fx = fxTasks::add;
  private final List<String> seen = new ArrayList<>();
  private final EventListener target =
      new EventListener() {
        @Override
        public void onEvents(List<NodeEvent> batch) {
          batch.forEach(e -> seen.add(e.label()));
        }

        @Override
        public void onConnection(String node, boolean connected) {
          seen.add(node + (connected ? " up" : " down"));
        }
      };

  @Test
  void manyBatchesFromTheStreamCostOneFxTask() {
    FxInbox inbox = new FxInbox(fx, Duration.ZERO, System::nanoTime, target);
    for (int i = 1; i <= 50; i++) {
      inbox.onEvents(
          List.of(
              sent("master", 2L * i - 1, "slave_1", "m" + i, "k"),
              sent("master", 2L * i, "slave_2", "n" + i, "k")));
    }

    assertThat(fxTasks).hasSize(1);
    fxTasks.poll().run();
    assertThat(seen).hasSize(100).startsWith("m1", "n1", "m2").endsWith("n50");
    assertThat(inbox.drains()).isEqualTo(1);
  }

  @Test
  void updatesKeepTheirPlaceBetweenEvents() {
    FxInbox inbox = new FxInbox(fx, Duration.ZERO, System::nanoTime, target);
    inbox.onEvents(List.of(sent("master", 1, "slave_1", "before", "k")));
    inbox.onConnection("slave_1", false);
    inbox.onEvents(List.of(sent("master", 2, "slave_1", "after", "k")));

    runFx();
    assertThat(seen).containsExactly("before", "slave_1 down", "after");
  }

  @Test
  void aSecondDrainWaitsForTheNextFrame() {
    Duration frame = Duration.ofMillis(400);
    FxInbox inbox = new FxInbox(fx, frame, System::nanoTime, target);
    inbox.onEvents(List.of(sent("master", 1, "slave_1", "first", "k")));
    runFx();
    long drained = System.nanoTime();

    inbox.onEvents(List.of(sent("master", 2, "slave_1", "second", "k")));
    await().atMost(Duration.ofSeconds(5)).until(() -> !fxTasks.isEmpty());
    assertThat(System.nanoTime() - drained).isGreaterThanOrEqualTo(frame.toNanos() - 1_000_000);
    runFx();
    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void aFailedFutureArrivesUnwrapped() {
    FxInbox inbox = new FxInbox(Runnable::run, Duration.ZERO, System::nanoTime, target);
    AtomicReference<Throwable> error = new AtomicReference<>();
    inbox.deliver(
        CompletableFuture.supplyAsync(
                () -> {
                  throw new IllegalStateException("node gone");
                })
            .thenApply(x -> x),
        (v, e) -> error.set(e));

    await().atMost(Duration.ofSeconds(5)).until(() -> error.get() != null);
    assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessage("node gone");
  }

  private void runFx() {
    Runnable task;
    while ((task = fxTasks.poll()) != null) {
      task.run();
    }
  }
}
