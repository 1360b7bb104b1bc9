package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.storage.DurableStore;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TxRegistryTest {

  @TempDir Path dir;

  private static long begin(TxRegistry registry) {
    Long seq = registry.begin(s -> s);
    if (seq == null) {
      registry.reservation().join();
      seq = registry.begin(s -> s);
    }
    return seq;
  }

  @Test
  void decidedUpToStopsBelowTheOldestUndecidedTransaction() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      TxRegistry registry = new TxRegistry(store);
      long a = begin(registry);
      long b = begin(registry);
      long c = begin(registry);
      CompletableFuture<Void> upToB = registry.whenDecidedUpTo(b);

      registry.finish(b);
      registry.finish(c);
      assertThat(registry.decidedUpTo()).isEqualTo(a - 1);
      assertThat(upToB).isNotDone();

      registry.finish(a);
      assertThat(registry.decidedUpTo()).isEqualTo(c);
      assertThat(upToB).isCompleted();
    }
  }

  @Test
  void aReopenedRegistryContinuesAboveEveryReservedNumber() throws Exception {
    long first;
    try (DurableStore store = DurableStore.open(dir)) {
      first = begin(new TxRegistry(store));
    }
    try (DurableStore store = DurableStore.open(dir)) {
      long next = begin(new TxRegistry(store));
      assertThat(next).isGreaterThan(first).isGreaterThanOrEqualTo(TxRegistry.BLOCK);
    }
  }
}
