package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a failed search into a sentence. Looks for the short arguments a student can follow (a read
 * of a value nobody wrote, a read before the write, a stale read after a newer write or a newer
 * read) and otherwise describes where the search got stuck. Each short argument is a proof on its
 * own, so it is only used when it holds. Stateless.
 */
final class Explanations {

  private Explanations() {}

  /**
   * ops: the key's ok puts, ok gets and unknown puts, which the search found not linearizable from
   * any value in starts; origin: the time (micros) that reads as 0 s.
   */
  static Violation explain(
      String key,
      List<Operation> ops,
      Collection<String> starts,
      List<Operation> prefix,
      long origin) {
    List<Operation> gets =
        ops.stream()
            .filter(op -> !op.isPut())
            .sorted(Comparator.comparingLong(Operation::invokeMicros))
            .toList();
    for (Operation get : gets) {
      Violation simple = simple(key, ops, starts, get, origin);
      if (simple != null) {
        return simple;
      }
    }
    return stuck(key, ops, prefix, origin);
  }

  private static Violation simple(
      String key, List<Operation> ops, Collection<String> starts, Operation get, long origin) {
    String v = get.value();
    List<Operation> writers =
        ops.stream().filter(op -> op.isPut() && op.value().equals(v)).toList();
    boolean maybeEarlier = starts.contains(v); // written before what we are looking at
    if (v != null && writers.isEmpty() && !maybeEarlier) {
      return new Violation(
          key,
          "read of a value never written: "
              + get.describe()
              + " at "
              + at(get.invokeMicros(), origin)
              + ", but no put wrote "
              + v,
          List.of(get),
          List.of());
    }
    if (v != null
        && !maybeEarlier
        && writers.stream().allMatch(w -> w.invokeMicros() > get.completeMicros())) {
      Operation first =
          writers.stream().min(Comparator.comparingLong(Operation::invokeMicros)).orElseThrow();
      return new Violation(
          key,
          "read from the future: "
              + get.describe()
              + " completed at "
              + at(get.completeMicros(), origin)
              + ", before "
              + first.describe()
              + " was invoked at "
              + at(first.invokeMicros(), origin),
          List.of(get, first),
          List.of());
    }
    // Every way to read v ends before this point: a put of v that completed, or the start of the
    // history.
    long vDone = writers.stream().mapToLong(Explanations::end).max().orElse(Long.MIN_VALUE);
    if (vDone == Long.MAX_VALUE) {
      return null; // an unknown put of v may land any time later
    }
    // A newer put that completed before the get began.
    Operation newer =
        ops.stream()
            .filter(op -> op.isPut() && op.outcome() == Outcome.OK && !op.value().equals(v))
            .filter(op -> op.completeMicros() < get.invokeMicros() && op.invokeMicros() > vDone)
            .max(Comparator.comparingLong(Operation::completeMicros))
            .orElse(null);
    if (newer != null) {
      return staleRead(key, get, newer, writers, List.of(newer), origin);
    }
    // A newer value already read by a get that completed before this one began.
    for (Operation earlier : ops) {
      if (earlier.isPut()
          || Objects.equals(earlier.value(), v)
          || earlier.value() == null
          || earlier.completeMicros() >= get.invokeMicros()
          || starts.contains(earlier.value())) {
        continue;
      }
      List<Operation> newerWriters =
          ops.stream().filter(op -> op.isPut() && op.value().equals(earlier.value())).toList();
      if (!newerWriters.isEmpty()
          && newerWriters.stream().allMatch(w -> w.invokeMicros() > vDone)) {
        List<Operation> seen = new ArrayList<>(newerWriters);
        seen.add(earlier);
        return staleRead(key, get, earlier, writers, seen, origin);
      }
    }
    return null;
  }

  /**
   * get read the value writers wrote after after (an operation that saw a newer value) completed;
   * newer: the operations that show the newer value, after among them.
   */
  private static Violation staleRead(
      String key,
      Operation get,
      Operation after,
      List<Operation> writers,
      List<Operation> newer,
      long origin) {
    List<Operation> involved = new ArrayList<>(writers);
    involved.addAll(newer);
    involved.add(get);
    return new Violation(
        key,
        "stale read: "
            + get.describe()
            + " at "
            + at(get.invokeMicros(), origin)
            + ", after "
            + after.describe()
            + " completed at "
            + at(after.completeMicros(), origin)
            + overwrote(writers, origin),
        sorted(involved),
        List.of());
  }

  private static String overwrote(List<Operation> writers, long origin) {
    if (writers.size() != 1) {
      return "";
    }
    return " ("
        + writers.get(0).describe()
        + " had completed at "
        + at(writers.get(0).completeMicros(), origin)
        + ", before the newer put began)";
  }

  private static Violation stuck(
      String key, List<Operation> ops, List<Operation> prefix, long origin) {
    // The operations that could have gone next after the prefix: none of them fits.
    Set<Operation> placed = Set.copyOf(prefix);
    List<Operation> rest = ops.stream().filter(op -> !placed.contains(op)).toList();
    long firstEnd =
        rest.stream()
            .filter(op -> op.outcome() == Outcome.OK)
            .mapToLong(Operation::completeMicros)
            .min()
            .orElse(Long.MAX_VALUE);
    List<Operation> next =
        rest.stream()
            .filter(op -> op.invokeMicros() <= firstEnd)
            .sorted(Comparator.comparingLong(Operation::invokeMicros))
            .toList();
    String last = prefix.isEmpty() ? "the start" : prefix.get(prefix.size() - 1).describe();
    StringBuilder text =
        new StringBuilder(
            "no linearizable order of the "
                + ops.size()
                + " operations on key "
                + key
                + ": the longest linearizable prefix has "
                + prefix.size()
                + " (ending with "
                + last
                + "); then none"
                + " of these can go next:");
    for (Operation op : next) {
      text.append(' ')
          .append(op.describe())
          .append(" [")
          .append(at(op.invokeMicros(), origin))
          .append(" - ")
          .append(end(op) == Long.MAX_VALUE ? "?" : at(op.completeMicros(), origin))
          .append("]")
          .append(';');
    }
    text.setLength(text.length() - 1);
    return new Violation(key, text.toString(), next, prefix);
  }

  private static long end(Operation op) {
    return op.outcome() == Outcome.OK ? op.completeMicros() : Long.MAX_VALUE;
  }

  private static List<Operation> sorted(List<Operation> ops) {
    return ops.stream()
        .distinct()
        .sorted(Comparator.comparingLong(Operation::invokeMicros))
        .toList();
  }

  /** Seconds since origin, two decimals: {@code 12.31 s}. */
  static String at(long micros, long origin) {
    return String.format(Locale.ROOT, "%.2f s", (micros - origin) / 1e6);
  }
}
