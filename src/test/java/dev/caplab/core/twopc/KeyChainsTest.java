package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KeyChainsTest {

  private final KeyChains chains = new KeyChains();

  @Test
  void tasksOnOneKeyRunInOrderAndOthersDoNotWait() {
    List<String> ran = new ArrayList<>();
    CompletableFuture<Void> gate = new CompletableFuture<>();
    CompletableFuture<String> first =
        chains.run(
            "k",
            () ->
                gate.thenApply(
                    v -> {
                      ran.add("k1");
                      return "k1";
                    }));
    CompletableFuture<String> second =
        chains.run(
            "k",
            () -> {
              ran.add("k2");
              return CompletableFuture.completedFuture("k2");
            });
    CompletableFuture<String> other =
        chains.run(
            "other",
            () -> {
              ran.add("other");
              return CompletableFuture.completedFuture("other");
            });

    assertThat(other).isCompletedWithValue("other");
    assertThat(second).isNotDone();
    gate.complete(null);
    assertThat(first).isCompletedWithValue("k1");
    assertThat(second).isCompletedWithValue("k2");
    assertThat(ran).containsExactly("other", "k1", "k2");
    assertThat(chains.busyKeys()).isZero();
  }

  @Test
  void aFailedTaskDoesNotBlockTheNextOnItsKey() {
    CompletableFuture<String> failed =
        chains.run("k", () -> CompletableFuture.failedFuture(new IllegalStateException()));
    CompletableFuture<String> next = chains.run("k", () -> CompletableFuture.completedFuture("ok"));
    assertThat(failed).isCompletedExceptionally();
    assertThat(next).isCompletedWithValue("ok");
  }
}
