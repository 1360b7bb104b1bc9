package dev.caplab.nemesis;

import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each key may hold once the faults are over, from the history: the value of any put not known
 * to be overwritten, i.e. not followed (in real time) by an acknowledged put; null only if no put
 * was acknowledged. An unknown put is always allowed: it may have landed last. Immutable.
 */
final class Expectations {

  private final Map<String, Set<String>> allowed = new HashMap<>();
  private final Set<String> acknowledged = new HashSet<>();
  private final Map<String, Operation> lastAcked = new HashMap<>();

  Expectations(List<Operation> history) {
    Map<String, List<Operation>> puts = new HashMap<>();
    for (Operation op : history) {
      if (op.isPut() && op.outcome() != Outcome.FAIL) {
        puts.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
      }
    }
    for (Map.Entry<String, List<Operation>> key : puts.entrySet()) {
      // The latest invocation of an acknowledged put: any put that completed before it is
      // overwritten.
      long newestAckedInvoke = Long.MIN_VALUE;
      for (Operation put : key.getValue()) {
        if (put.outcome() == Outcome.OK) {
          acknowledged.add(key.getKey());
          if (put.invokeMicros() > newestAckedInvoke) {
            newestAckedInvoke = put.invokeMicros();
            lastAcked.put(key.getKey(), put);
          }
        }
      }
      Set<String> values = new HashSet<>();
      for (Operation put : key.getValue()) {
        if (put.outcome() == Outcome.UNKNOWN || put.completeMicros() >= newestAckedInvoke) {
          values.add(put.value());
        }
      }
      allowed.put(key.getKey(), values);
    }
  }

  /** Whether a replica (or a read) may hold value (null = absent) for key at the end. */
  boolean allows(String key, String value) {
    if (value == null) {
      return !acknowledged.contains(key);
    }
    return allowed.getOrDefault(key, Set.of()).contains(value);
  }

  /** The acknowledged put that began last, for a message; null if none. */
  Operation lastAcknowledged(String key) {
    return lastAcked.get(key);
  }
}
