package dev.caplab.core.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A violation as lines for a terminal: the sentence, then its operations one per line. Stateless.
 */
public final class ViolationReport {

  private ViolationReport() {}

  /** origin: the time (micros) that reads as 0 s, e.g. the first invocation of the history. */
  public static List<String> lines(Violation violation, long origin) {
    List<String> lines = new ArrayList<>();
    lines.add(violation.explanation());
    lines.add("operations on key " + violation.key() + " involved:");
    for (Operation op : violation.operations()) {
      lines.add("  " + line(op, origin));
    }
    List<Operation> prefix = violation.longestPrefix();
    if (!prefix.isEmpty()) {
      lines.add("longest linearizable prefix (" + prefix.size() + " operations), last ones:");
      for (Operation op : prefix.subList(Math.max(0, prefix.size() - 10), prefix.size())) {
        lines.add("  " + line(op, origin));
      }
    }
    return lines;
  }

  /** {@code put(color, red) c1, invoked 1.000000 s, completed 1.200000 s (ok)}. */
  public static String line(Operation op, long origin) {
    String completed =
        op.outcome() == Operation.Outcome.UNKNOWN
            ? "?"
            : String.format(Locale.ROOT, "%.6f s", (op.completeMicros() - origin) / 1e6);
    return String.format(
        Locale.ROOT,
        "%-28s %s, invoked %.6f s, completed %s (%s)",
        op.describe(),
        op.process(),
        (op.invokeMicros() - origin) / 1e6,
        completed,
        op.outcome().name().toLowerCase(Locale.ROOT));
  }
}
