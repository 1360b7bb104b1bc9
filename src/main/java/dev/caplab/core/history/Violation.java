package dev.caplab.core.history;

import java.util.List;

/**
 * Why the operations on one key have no linearizable order. explanation is one line in plain words
 * (e.g. {@code stale read: get(color) → blue at 12.31 s, after put(color, red) completed at 12.10
 * s}); operations are the ones it is about, in invocation order, for a view to highlight;
 * longestPrefix is the longest order of the key's operations the search could build before it got
 * stuck (empty when a simple argument was enough). Times in the explanation are seconds since the
 * first invocation the checker saw. Immutable.
 */
public record Violation(
    String key, String explanation, List<Operation> operations, List<Operation> longestPrefix) {

  public Violation {
    operations = List.copyOf(operations);
    longestPrefix = List.copyOf(longestPrefix);
  }
}
