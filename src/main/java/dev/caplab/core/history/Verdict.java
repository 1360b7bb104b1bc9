package dev.caplab.core.history;

/**
 * What a linearizability check found: how many operations and keys it looked at and, when the
 * history is not linearizable, the first violation. Immutable.
 */
public record Verdict(int operations, int keys, Violation violation) {

  public static Verdict linearizable(int operations, int keys) {
    return new Verdict(operations, keys, null);
  }

  public boolean linearizable() {
    return violation == null;
  }

  /** {@code linearizable: yes (N ops, K keys)} or {@code linearizable: no}. */
  public String headline() {
    return linearizable()
        ? "linearizable: yes (" + operations + " ops, " + keys + " keys)"
        : "linearizable: no";
  }
}
