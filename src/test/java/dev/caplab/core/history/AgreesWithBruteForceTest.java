package dev.caplab.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random tiny histories: the search, and the online checker fed the same history, agree with the
 * definition.
 */
class AgreesWithBruteForceTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void searchAgreesWithTryingEveryOrder(long seed) {
    Random random = new Random(seed);
    int violations = 0;
    for (int round = 0; round < 2_000; round++) {
      List<Operation> history = tiny(random);
      boolean expected = BruteForce.linearizable(history);
      violations += expected ? 0 : 1;
      Verdict verdict = LinearizabilityChecker.check(history);
      assertThat(verdict.linearizable()).as("%s", history).isEqualTo(expected);
    }
    // Both kinds of history were tried.
    assertThat(violations).isBetween(100, 1_900);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 64})
  void onlineCheckerFedAsOperationsCompleteAgreesToo(int segmentSize) {
    Random random = new Random(segmentSize);
    for (int round = 0; round < 4_000; round++) {
      List<Operation> history = tiny(random);
      OnlineChecker online = new OnlineChecker(segmentSize);
      feed(online, history);
      assertThat(online.verdict().linearizable())
          .as("%s", history)
          .isEqualTo(BruteForce.linearizable(history));
    }
  }

  /**
   * Announces each operation at its invocation and completes it at its completion, in time order.
   */
  static void feed(OnlineChecker online, List<Operation> history) {
    record Event(long time, boolean invoke, int op) {}
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      events.add(new Event(history.get(i).invokeMicros(), true, i));
      events.add(new Event(history.get(i).completeMicros(), false, i));
    }
    // Ties: invocations first, so operations that meet at one instant were in flight together (the
    // search also
    // counts a tie as concurrent).
    events.sort(Comparator.comparingLong(Event::time).thenComparing(e -> !e.invoke()));
    long[] tickets = new long[history.size()];
    for (Event e : events) {
      Operation op = history.get(e.op());
      if (e.invoke()) {
        tickets[e.op()] =
            online.invoke(op.process(), op.type(), op.key(), op.value(), op.invokeMicros());
      } else {
        online.complete(tickets[e.op()], op.value(), op.completeMicros(), op.outcome());
      }
    }
  }

  /** 2-7 operations on one or two keys, values from a small set, every outcome. */
  private static List<Operation> tiny(Random random) {
    List<Operation> ops = new ArrayList<>();
    int n = 2 + random.nextInt(6);
    for (int i = 0; i < n; i++) {
      long invoke = random.nextInt(20);
      long complete = invoke + random.nextInt(8);
      String key = random.nextInt(4) == 0 ? "y" : "x";
      int kind = random.nextInt(10);
      Outcome outcome = kind < 7 ? Outcome.OK : kind < 9 ? Outcome.UNKNOWN : Outcome.FAIL;
      if (random.nextBoolean()) {
        ops.add(
            new Operation(
                "c" + i, Type.PUT, key, "v" + random.nextInt(3), invoke, complete, outcome));
      } else {
        String value = random.nextInt(4) == 0 ? null : "v" + random.nextInt(3);
        ops.add(new Operation("c" + i, Type.GET, key, value, invoke, complete, outcome));
      }
    }
    return ops;
  }
}
