package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a whole history of puts and gets is linearizable, as a register per key.
 * Linearizability is compositional (P-compositionality, as Porcupine uses it): the history is
 * linearizable exactly when each key's operations are, so each key is searched on its own (see
 * {@link RegisterSearch}).
 *
 * <p>Outcomes: a {@code fail} operation had no effect and is ignored; an {@code unknown} put may
 * take effect at any point after its invocation, or never; an {@code unknown} get says nothing and
 * is ignored. A key starts unwritten: a get before any put reads null. Stateless and thread-safe.
 */
public final class LinearizabilityChecker {

  private LinearizabilityChecker() {}

  /**
   * Checks every key; of several violations it reports the one whose operations were all invoked
   * earliest.
   */
  public static Verdict check(Collection<Operation> history) {
    long origin = history.stream().mapToLong(Operation::invokeMicros).min().orElse(0);
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history) {
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>());
      if (relevant(op)) {
        byKey.get(op.key()).add(op);
      }
    }
    Violation first = null;
    for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
      Violation violation =
          checkKey(key.getKey(), key.getValue(), Collections.singleton(null), origin);
      if (violation != null && (first == null || begins(violation) < begins(first))) {
        first = violation;
      }
    }
    return new Verdict(history.size(), byKey.size(), first);
  }

  /** The operations on one key, already filtered by {@link #relevant}; null when linearizable. */
  static Violation checkKey(
      String key, List<Operation> ops, Collection<String> starts, long origin) {
    return checkKey(key, ops, starts, origin, List.of());
  }

  /**
   * earlier: puts that completed before ops begin, not searched, only named when explaining a
   * violation.
   */
  static Violation checkKey(
      String key,
      List<Operation> ops,
      Collection<String> starts,
      long origin,
      List<Operation> earlier) {
    RegisterSearch.Result result = RegisterSearch.check(ops, starts);
    if (result.linearizable()) {
      return null;
    }
    List<Operation> context = new ArrayList<>(earlier);
    context.addAll(ops);
    return Explanations.explain(key, context, starts, result.longestPrefix(), origin);
  }

  /** What a checker looks at: ok operations and unknown puts. */
  static boolean relevant(Operation op) {
    return op.outcome() == Outcome.OK || (op.outcome() == Outcome.UNKNOWN && op.isPut());
  }

  private static long begins(Violation violation) {
    return violation.operations().stream()
        .mapToLong(Operation::invokeMicros)
        .max()
        .orElse(Long.MAX_VALUE);
  }
}
