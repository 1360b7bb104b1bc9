package dev.caplab.core.history;

import static dev.caplab.core.history.Histories.get;
import static dev.caplab.core.history.Histories.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OnlineCheckerTest {

  private final AtomicLong clock = new AtomicLong();
  private final HistoryRecorder history = new HistoryRecorder(clock::get);

  @Test
  void readOfAPutStillInFlightIsNoViolation() {
    clock.set(1_000);
    HistoryRecorder.Pending put = history.invoke("writer", Type.PUT, "color", "red");
    clock.set(2_000);
    HistoryRecorder.Pending get = history.invoke("reader", Type.GET, "color", null);
    clock.set(3_000);
    get.ok("red"); // the replica applied the put before the writer heard back
    assertThat(history.verdict().linearizable()).isTrue();
    clock.set(4_000);
    put.ok();
    assertThat(history.verdict().headline()).isEqualTo("linearizable: yes (2 ops, 1 keys)");
    assertThat(history.operations())
        .extracting(Operation::describe)
        .containsExactly("get(color) → red", "put(color, red)");
  }

  @Test
  void readOfAPutThatThenFailedIsAViolation() {
    HistoryRecorder.Pending put = history.invoke("writer", Type.PUT, "color", "red");
    clock.set(10);
    history.invoke("reader", Type.GET, "color", null).ok("red");
    clock.set(20);
    put.fail();
    Verdict verdict = history.verdict();
    assertThat(verdict.linearizable()).isFalse();
    assertThat(verdict.violation().explanation())
        .startsWith("read of a value never written: get(color) → red");
  }

  @Test
  void violationsCountEachKeyWithAStaleReadOnce() {
    OnlineChecker checker = new OnlineChecker();
    checker.add(put("color", "red", 0, 10));
    checker.add(put("color", "blue", 20, 30));
    checker.add(get("color", "red", 40, 50));
    checker.add(get("color", "red", 60, 70)); // the key keeps its first violation
    checker.add(put("shape", "round", 0, 10));
    checker.add(get("shape", null, 20, 30));
    assertThat(checker.violations()).isEqualTo(2);
    assertThat(checker.verdict().violation().key()).isEqualTo("color");
  }

  @Test
  void staleReadIsReportedWithTheOperationsInvolved() {
    clock.set(1_000_000);
    history.invoke("a", Type.PUT, "color", "red").ok();
    clock.set(2_000_000);
    HistoryRecorder.Pending blue = history.invoke("a", Type.PUT, "color", "blue");
    clock.set(12_100_000);
    Operation blueDone = blue.ok();
    clock.set(12_310_000);
    HistoryRecorder.Pending read = history.invoke("b", Type.GET, "color", null);
    clock.set(12_400_000);
    Operation stale = read.ok("red");
    Verdict verdict = history.verdict();
    assertThat(verdict.violation().explanation())
        .isEqualTo(
            "stale read: get(color) → red at 11.31 s, after"
                + " put(color, blue) completed at 11.10 s (put(color, red) had completed at 0.00 s, before the newer put"
                + " began)");
    assertThat(verdict.violation().operations()).contains(blueDone, stale);
    // Later operations are counted; the first violation stays.
    history.invoke("a", Type.GET, "other", null).ok(null);
    assertThat(history.verdict().violation()).isEqualTo(verdict.violation());
    assertThat(history.verdict().operations()).isEqualTo(4);
  }

  @Test
  void longAtomicHistoryStaysLinearizableAcrossSegments() {
    List<Operation> ops = Histories.atomic(7, 6, 2, 5_000);
    OnlineChecker online = new OnlineChecker(16);
    AgreesWithBruteForceTest.feed(online, ops);
    Verdict verdict = online.verdict();
    assertThat(verdict.linearizable()).as("%s", verdict.violation()).isTrue();
    assertThat(verdict.operations()).isEqualTo(5_000);
    assertThat(verdict.keys()).isEqualTo(2);
  }

  @Test
  void staleReadLongAfterTheStartIsCaughtAcrossClosedSegments() {
    List<Operation> ops = new ArrayList<>(Histories.atomic(8, 6, 2, 3_000));
    long end = ops.stream().mapToLong(Operation::completeMicros).max().orElseThrow();
    ops.add(put("k1", "first", end + 10, end + 11));
    ops.add(put("k1", "second", end + 20, end + 21));
    ops.add(get("k1", "first", end + 30, end + 31));
    OnlineChecker online = new OnlineChecker(16);
    AgreesWithBruteForceTest.feed(online, ops);
    assertThat(online.verdict().violation().explanation())
        .startsWith("stale read: get(k1) → first");
  }

  @Test
  void valueFromBeforeAClosedSegmentMayStillBeReadWhileItIsCurrent() {
    OnlineChecker online = new OnlineChecker(1);
    online.add(put("k", "a", 0, 1));
    online.add(get("k", "a", 5, 6));
    online.add(get("k", "a", 10, 11));
    online.add(put("k", "b", 20, 30));
    online.add(get("k", "a", 21, 22)); // concurrent with the put of b: still a
    online.add(get("k", "b", 40, 41));
    assertThat(online.verdict().linearizable()).isTrue();
    online.add(get("k", "a", 50, 51));
    assertThat(online.verdict().violation().explanation()).startsWith("stale read: get(k) → a");
  }

  @Test
  void unannouncedPutThatStartedBeforeAClosedSegmentCanStillExplainAValue() {
    OnlineChecker online = new OnlineChecker(1);
    online.add(put("k", "a", 0, 1));
    online.add(get("k", "a", 10, 11));
    online.add(get("k", "b", 20, 21));
    assertThat(online.verdict().linearizable()).isFalse();
    OnlineChecker late = new OnlineChecker(1);
    late.add(put("k", "a", 0, 1));
    late.add(get("k", "a", 10, 11));
    late.add(put("k", "b", 5, 25)); // reported late, spanning the quiet point already closed
    late.add(get("k", "b", 20, 21));
    assertThat(late.verdict().linearizable()).isTrue();
  }

  @Test
  void unknownOutcomesAreRecorded() {
    history.invoke("a", Type.PUT, "k", "x").unknown();
    history.invoke("b", Type.GET, "k", null).unknown();
    history.invoke("b", Type.GET, "k", null).ok("x");
    assertThat(history.operations())
        .extracting(Operation::outcome)
        .containsExactly(Outcome.UNKNOWN, Outcome.UNKNOWN, Outcome.OK);
    assertThat(history.verdict().linearizable()).isTrue();
  }
}
