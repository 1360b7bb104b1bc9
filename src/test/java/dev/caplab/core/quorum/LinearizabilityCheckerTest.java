package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.quorum.RegisterHistory.Kind;
import dev.caplab.core.quorum.RegisterHistory.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

  private static final long UNKNOWN = Long.MAX_VALUE;

  @Test
  void sequentialHistoryReadingTheLatestPutPasses() {
    assertThat(check(
        put("a", 0, 1), get("a", 2, 3), put("b", 4, 5), get("b", 6, 7))).isTrue();
  }

  @Test
  void readOfAnOverwrittenValueFails() {
    assertThat(check(put("a", 0, 1), put("b", 2, 3), get("a", 4, 5))).isFalse();
  }

  @Test
  void newOldInversionBetweenReadsFails() {
    // The put of b is still running; one read sees b, a later read sees a again: no single order explains it.
    assertThat(check(put("a", 0, 1), put("b", 2, 20), get("b", 3, 4), get("a", 5, 6))).isFalse();
  }

  @Test
  void concurrentReadsMayGoEitherWay() {
    assertThat(check(put("a", 0, 1), put("b", 2, 20), get("a", 3, 4), get("b", 5, 6))).isTrue();
  }

  @Test
  void failedPutMayTakeEffectLateOrNever() {
    assertThat(check(put("a", 0, 1), put("b", 2, UNKNOWN), get("a", 10, 11), get("b", 12, 13))).isTrue();
    assertThat(check(put("a", 0, 1), put("b", 2, UNKNOWN), get("a", 10, 11))).isTrue();
    assertThat(check(put("a", 0, 1), put("b", 2, UNKNOWN), get("b", 10, 11), get("a", 12, 13))).isFalse();
  }

  @Test
  void readOfNeverWrittenKeyIsNull() {
    assertThat(check(get(null, 0, 1), put("a", 2, 3), get("a", 4, 5))).isTrue();
    assertThat(check(put("a", 0, 1), get(null, 2, 3))).isFalse();
  }

  @Test
  void largeConcurrentHistoryOfARealRegisterIsCheckedQuickly() {
    // Six clients on an atomic register: every op takes effect at one instant inside its interval.
    Random random = new Random(42);
    List<Operation> history = new ArrayList<>();
    String value = null;
    long[] busyUntil = new long[6];
    for (long t = 0; history.size() < 400; t++) {
      int client = random.nextInt(6);
      if (busyUntil[client] > t) {
        continue;
      }
      long call = t - random.nextInt(5);
      long ret = t + 1 + random.nextInt(5);
      busyUntil[client] = ret + 1;
      if (random.nextBoolean()) {
        value = "v" + history.size();
        history.add(new Operation(history.size(), "c" + client, Kind.PUT, value, Math.max(call, 0), ret));
      } else {
        history.add(new Operation(history.size(), "c" + client, Kind.GET, value, Math.max(call, 0), ret));
      }
    }
    long start = System.nanoTime();
    assertThat(LinearizabilityChecker.check(history, null).linearizable()).isTrue();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  private static Operation put(String value, long call, long ret) {
    return new Operation(0, "client", Kind.PUT, value, call, ret);
  }

  private static Operation get(String value, long call, long ret) {
    return new Operation(0, "client", Kind.GET, value, call, ret);
  }

  /** Numbers the operations as the checker expects (dense ids). */
  private static boolean check(Operation... history) {
    List<Operation> renumbered = new ArrayList<>();
    for (int i = 0; i < history.length; i++) {
      Operation op = history[i];
      renumbered.add(new Operation(i, op.client(), op.kind(), op.value(), op.call(), op.ret()));
    }
    return LinearizabilityChecker.check(renumbered, null).linearizable();
  }
}
