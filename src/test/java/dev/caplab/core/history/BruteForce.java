package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The definition of linearizability, tried literally over every order: for tiny histories only. */
final class BruteForce {

  private BruteForce() {}

  static boolean linearizable(List<Operation> history) {
    List<String> keys = history.stream().map(Operation::key).distinct().toList();
    for (String key : keys) {
      List<Operation> ops =
          history.stream()
              .filter(op -> op.key().equals(key))
              .filter(
                  op ->
                      op.outcome() == Outcome.OK || (op.outcome() == Outcome.UNKNOWN && op.isPut()))
              .toList();
      if (!orderExists(ops, new ArrayList<>(), new boolean[ops.size()], null)) {
        return false;
      }
    }
    return true;
  }

  /** Extends order by one more operation; unknown puts may also be left out. */
  private static boolean orderExists(
      List<Operation> ops, List<Operation> order, boolean[] used, String value) {
    boolean allOkPlaced = true;
    for (int i = 0; i < ops.size(); i++) {
      if (!used[i] && ops.get(i).outcome() == Outcome.OK) {
        allOkPlaced = false;
      }
    }
    if (allOkPlaced) {
      return true;
    }
    for (int i = 0; i < ops.size(); i++) {
      if (used[i] || !mayGoNext(ops, used, i)) {
        continue;
      }
      Operation op = ops.get(i);
      if (!op.isPut() && !Objects.equals(op.value(), value)) {
        continue;
      }
      used[i] = true;
      order.add(op);
      boolean found = orderExists(ops, order, used, op.isPut() ? op.value() : value);
      order.remove(order.size() - 1);
      used[i] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }

  /** No unplaced ok operation completed before op i was invoked. */
  private static boolean mayGoNext(List<Operation> ops, boolean[] used, int i) {
    for (int j = 0; j < ops.size(); j++) {
      Operation other = ops.get(j);
      if (!used[j]
          && j != i
          && other.outcome() == Outcome.OK
          && other.completeMicros() < ops.get(i).invokeMicros()) {
        return false;
      }
    }
    return true;
  }
}
