package dev.caplab.core.quorum;

import dev.caplab.core.quorum.RegisterHistory.Kind;
import dev.caplab.core.quorum.RegisterHistory.Operation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a history of one register (puts and gets of one key) is linearizable: whether the
 * operations can be put in one order that respects real time (an operation that returned before another
 * was called comes first) in which every get reads the latest put. Depth-first search over the operations
 * that may go next (Wing and Gong), skipping states already explored (Lowe): a state is the set of
 * operations placed so far plus the register's value. Fine for a few hundred operations with a handful of
 * concurrent clients. Stateless.
 */
public final class LinearizabilityChecker {

  /** The verdict, with a hint where the search got stuck when there is no valid order. */
  public record Result(boolean linearizable, String explanation) {}

  private static final class Entry {
    final Operation op;
    final boolean call;
    Entry match;
    Entry prev;
    Entry next;

    Entry(Operation op, boolean call) {
      this.op = op;
      this.call = call;
    }
  }

  private record Frame(Entry call, String state) {}

  private record Explored(BitSet placed, String state) {}

  private LinearizabilityChecker() {}

  /** initial: the register's value before the history, null = never written. */
  public static Result check(List<Operation> history, String initial) {
    Entry head = build(history);
    String state = initial;
    BitSet placed = new BitSet();
    Set<Explored> explored = new HashSet<>();
    Deque<Frame> stack = new ArrayDeque<>();
    int deepest = 0;
    Operation stuckAt = null;
    Entry entry = head.next;
    while (head.next != null) {
      if (entry.call) {
        Operation op = entry.op;
        boolean legal = op.kind() == Kind.PUT || Objects.equals(op.value(), state);
        String next = op.kind() == Kind.PUT ? op.value() : state;
        if (legal) {
          BitSet withOp = (BitSet) placed.clone();
          withOp.set(op.id());
          if (explored.add(new Explored(withOp, next))) {
            stack.push(new Frame(entry, state));
            state = next;
            placed = withOp;
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // An operation returned before any order could place it: undo the latest choice.
        if (stack.size() >= deepest) {
          deepest = stack.size();
          stuckAt = entry.op;
        }
        if (stack.isEmpty()) {
          return new Result(false, "no valid order; after placing " + deepest + " of " + history.size()
              + " operations none fits before " + stuckAt);
        }
        Frame frame = stack.pop();
        state = frame.state();
        placed = (BitSet) placed.clone();
        placed.clear(frame.call().op.id());
        unlift(frame.call());
        entry = frame.call().next;
      }
    }
    return new Result(true, "linearizable: " + history.size() + " operations");
  }

  private static Entry build(List<Operation> history) {
    List<Entry> events = new ArrayList<>();
    for (Operation op : history) {
      Entry call = new Entry(op, true);
      Entry ret = new Entry(op, false);
      call.match = ret;
      events.add(call);
      events.add(ret);
    }
    // By time; on a tie the call first, which only allows more orders.
    events.sort(Comparator.<Entry>comparingLong(e -> e.call ? e.op.call() : e.op.ret())
        .thenComparing(e -> !e.call));
    Entry head = new Entry(null, false);
    Entry last = head;
    for (Entry e : events) {
      last.next = e;
      e.prev = last;
      last = e;
    }
    return head;
  }

  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  private static void unlift(Entry call) {
    Entry ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
