package dev.caplab.core.history;

import static dev.caplab.core.history.Histories.failedPut;
import static dev.caplab.core.history.Histories.get;
import static dev.caplab.core.history.Histories.put;
import static dev.caplab.core.history.Histories.unknownPut;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinearizabilityCheckerTest {

  private static Verdict check(Operation... ops) {
    return LinearizabilityChecker.check(List.of(ops));
  }

  @Test
  void sequentialHistoryReadingTheLatestPutPasses() {
    Verdict verdict =
        check(put("k", "a", 0, 1), get("k", "a", 2, 3), put("k", "b", 4, 5), get("k", "b", 6, 7));
    assertThat(verdict.linearizable()).isTrue();
    assertThat(verdict.headline()).isEqualTo("linearizable: yes (4 ops, 1 keys)");
  }

  @Test
  void emptyHistoryIsLinearizable() {
    assertThat(check().headline()).isEqualTo("linearizable: yes (0 ops, 0 keys)");
  }

  @Test
  void readOfAnOverwrittenValueIsAStaleRead() {
    Operation red = put("color", "red", 0, 1_000_000);
    Operation blue = put("color", "blue", 2_000_000, 12_100_000);
    Operation read = get("color", "red", 12_310_000, 12_400_000);
    Verdict verdict = check(red, blue, read);
    assertThat(verdict.linearizable()).isFalse();
    assertThat(verdict.headline()).isEqualTo("linearizable: no");
    Violation violation = verdict.violation();
    assertThat(violation.key()).isEqualTo("color");
    assertThat(violation.explanation())
        .isEqualTo(
            "stale read: get(color) → red at 12.31 s, after put(color, blue)"
                + " completed at 12.10 s (put(color, red) had completed at 1.00 s, before the newer put began)");
    assertThat(violation.operations()).containsExactly(red, blue, read);
  }

  @Test
  void nullReadAfterACompletedPutIsAStaleRead() {
    Verdict verdict = check(put("k", "a", 0, 10), get("k", null, 20, 30));
    assertThat(verdict.violation().explanation())
        .isEqualTo("stale read: get(k) → null at 0.00 s, after put(k, a)" + " completed at 0.00 s");
  }

  @Test
  void readOfNeverWrittenKeyIsNull() {
    assertThat(check(get("k", null, 0, 1), put("k", "a", 2, 3), get("k", "a", 4, 5)).linearizable())
        .isTrue();
    assertThat(check(get("never", null, 0, 1)).linearizable()).isTrue();
  }

  @Test
  void newOldInversionBetweenReadsFails() {
    // The put of b is still running; one read sees b, a later read sees a again: no single order
    // explains it.
    Verdict verdict =
        check(put("k", "a", 0, 1), put("k", "b", 2, 20), get("k", "b", 3, 4), get("k", "a", 5, 6));
    assertThat(verdict.linearizable()).isFalse();
    assertThat(verdict.violation().explanation())
        .startsWith("stale read: get(k) → a at")
        .contains("after get(k) → b");
  }

  @Test
  void concurrentReadsMayGoEitherWay() {
    assertThat(
            check(
                    put("k", "a", 0, 1),
                    put("k", "b", 2, 20),
                    get("k", "a", 3, 4),
                    get("k", "b", 5, 6))
                .linearizable())
        .isTrue();
  }

  @Test
  void overlappingPutsMayBeOrderedEitherWay() {
    // Two puts overlap; readers after both agree on one winner.
    assertThat(
            check(
                    put("k", "a", 0, 10),
                    put("k", "b", 5, 15),
                    get("k", "a", 20, 21),
                    get("k", "a", 22, 23))
                .linearizable())
        .isTrue();
    assertThat(
            check(
                    put("k", "a", 0, 10),
                    put("k", "b", 5, 15),
                    get("k", "b", 20, 21),
                    get("k", "a", 22, 23))
                .linearizable())
        .isFalse();
  }

  @Test
  void unknownPutMayTakeEffectLateOrNever() {
    assertThat(
            check(
                    put("k", "a", 0, 1),
                    unknownPut("k", "b", 2, 3),
                    get("k", "a", 10, 11),
                    get("k", "b", 12, 13))
                .linearizable())
        .isTrue();
    assertThat(
            check(put("k", "a", 0, 1), unknownPut("k", "b", 2, 3), get("k", "a", 10, 11))
                .linearizable())
        .isTrue();
    assertThat(
            check(
                    put("k", "a", 0, 1),
                    unknownPut("k", "b", 2, 3),
                    get("k", "b", 10, 11),
                    get("k", "a", 12, 13))
                .linearizable())
        .isFalse();
  }

  @Test
  void unknownPutCannotTakeEffectBeforeItsInvocation() {
    Verdict verdict = check(get("k", "b", 0, 1), unknownPut("k", "b", 5, 6));
    assertThat(verdict.violation().explanation())
        .isEqualTo(
            "read from the future: get(k) → b completed at 0.00 s,"
                + " before put(k, b) was invoked at 0.00 s");
  }

  @Test
  void unknownPutLandingAfterALaterPutExplainsAnOldRead() {
    // b was sent, timed out, and was applied after c: a later read of b is fine.
    assertThat(
            check(
                    unknownPut("k", "b", 0, 5),
                    put("k", "c", 10, 20),
                    get("k", "c", 21, 22),
                    get("k", "b", 30, 31))
                .linearizable())
        .isTrue();
  }

  @Test
  void failedPutHadNoEffect() {
    Verdict verdict = check(put("k", "a", 0, 1), failedPut("k", "b", 2, 3), get("k", "b", 4, 5));
    assertThat(verdict.linearizable()).isFalse();
    assertThat(verdict.violation().explanation())
        .isEqualTo("read of a value never written: get(k) → b at 0.00 s," + " but no put wrote b");
    assertThat(
            check(put("k", "a", 0, 1), failedPut("k", "b", 2, 3), get("k", "a", 4, 5))
                .linearizable())
        .isTrue();
  }

  @Test
  void unknownAndFailedGetsSayNothing() {
    Verdict verdict =
        check(
            put("k", "a", 0, 1),
            Operation.get("c", "k", "zzz", 2, 3, Outcome.UNKNOWN),
            Operation.get("c", "k", null, 4, 5, Outcome.FAIL));
    assertThat(verdict.linearizable()).isTrue();
    assertThat(verdict.operations()).isEqualTo(3);
  }

  @Test
  void keysAreCheckedSeparately() {
    // Each key alone is fine; mixing them up as one register would not be.
    assertThat(
            check(
                    put("x", "1", 0, 1),
                    put("y", "2", 2, 3),
                    get("x", "1", 4, 5),
                    get("y", "2", 6, 7))
                .headline())
        .isEqualTo("linearizable: yes (4 ops, 2 keys)");
    Verdict verdict = check(put("x", "1", 0, 1), put("y", "2", 2, 3), get("x", "2", 4, 5));
    assertThat(verdict.violation().key()).isEqualTo("x");
  }

  @Test
  void withoutASimpleArgumentTheLongestPrefixIsReported() {
    // Two readers see a and b in opposite orders while both puts overlap them all: no read is stale
    // by itself.
    Operation a = put("k", "a", 0, 100);
    Operation b = put("k", "b", 0, 100);
    Operation r1 = get("k", "a", 10, 20);
    Operation r2 = get("k", "b", 30, 40);
    Operation r3 = get("k", "b", 10, 20);
    Operation r4 = get("k", "a", 30, 40);
    Verdict verdict = check(a, b, r1, r2, r3, r4);
    assertThat(verdict.linearizable()).isFalse();
    Violation violation = verdict.violation();
    assertThat(violation.explanation())
        .startsWith(
            "no linearizable order of the 6 operations on key k: the longest"
                + " linearizable prefix has");
    assertThat(violation.longestPrefix()).isNotEmpty();
    assertThat(violation.operations()).isNotEmpty();
  }

  @Test
  void firstViolationInTimeIsReported() {
    Verdict verdict =
        check(
            put("late", "a", 100, 101),
            put("late", "b", 102, 103),
            get("late", "a", 104, 105),
            put("early", "a", 0, 1),
            get("early", null, 2, 3));
    assertThat(verdict.violation().key()).isEqualTo("early");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void atomicRegistersAreLinearizable(long seed) {
    List<Operation> history = Histories.atomic(seed, 6, 3, 400);
    Verdict verdict = LinearizabilityChecker.check(history);
    assertThat(verdict.linearizable()).as(String.valueOf(verdict.violation())).isTrue();
    assertThat(verdict.keys()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void oneStaleReadInAnAtomicHistoryIsFound(long seed) {
    List<Operation> history = new ArrayList<>(Histories.atomic(seed, 6, 3, 400));
    long end = history.stream().mapToLong(Operation::completeMicros).max().orElseThrow();
    history.add(put("k0", "first", end + 10, end + 11));
    history.add(put("k0", "second", end + 20, end + 21));
    history.add(get("k0", "first", end + 30, end + 31));
    Verdict verdict = LinearizabilityChecker.check(history);
    assertThat(verdict.violation().explanation()).startsWith("stale read: get(k0) → first");
  }

  @Test
  void largeHistoryOverManyKeysIsChecked() {
    // Performance sanity: 50,000 operations from 16 clients over 20 keys, unknown and failed puts
    // included.
    List<Operation> history = Histories.atomic(99, 16, 20, 50_000);
    Verdict verdict = LinearizabilityChecker.check(history);
    assertThat(verdict.linearizable()).isTrue();
    assertThat(verdict.operations()).isEqualTo(50_000);
  }
}
