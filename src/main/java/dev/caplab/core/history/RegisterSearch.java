package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The linearizability search for one register (one key): can the operations be put in one order
 * that respects real time (an operation that completed before another was invoked comes first) in
 * which every get reads the latest put? Depth-first over the operations that may go next (Wing and
 * Gong), skipping states already explored (Lowe): a state is the set of operations placed so far
 * plus the register's value.
 *
 * <p>Takes ok puts, ok gets and unknown puts only (the caller drops the rest). An unknown put
 * completes at +infinity and need not be placed at all; one whose value no get returned cannot
 * matter and is left out, which keeps timeouts from multiplying the states. Stateless.
 */
final class RegisterSearch {

  /** Whether an order exists; if not, the longest order found (a linearizable prefix). */
  record Result(boolean linearizable, List<Operation> longestPrefix) {}

  private static final class Entry {
    final int op;
    final boolean call;
    Entry match;
    Entry prev;
    Entry next;

    Entry(int op, boolean call) {
      this.op = op;
      this.call = call;
    }
  }

  private record Frame(Entry call, int state) {}

  private record Explored(BitSet placed, int state) {}

  private final List<Operation> ops;
  private final boolean[] definite;
  private final int[] writes; // value id a put writes, -1 for a get
  private final int[] reads; // value id a get returns, -1 for a put
  private final List<String> values = new ArrayList<>();
  private final Map<String, Integer> ids = new HashMap<>();
  private final int definiteCount;

  private RegisterSearch(List<Operation> all) {
    Set<String> read = new HashSet<>();
    for (Operation op : all) {
      if (!op.isPut()) {
        read.add(op.value());
      }
    }
    ops = new ArrayList<>();
    for (Operation op : all) {
      if (!op.isPut() || op.outcome() == Outcome.OK || read.contains(op.value())) {
        ops.add(op);
      }
    }
    definite = new boolean[ops.size()];
    writes = new int[ops.size()];
    reads = new int[ops.size()];
    int count = 0;
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      definite[i] = op.outcome() == Outcome.OK;
      count += definite[i] ? 1 : 0;
      writes[i] = op.isPut() ? id(op.value()) : -1;
      reads[i] = op.isPut() ? -1 : id(op.value());
    }
    definiteCount = count;
  }

  /** Searches from every value in starts (null = never written). */
  static Result check(List<Operation> ops, Collection<String> starts) {
    RegisterSearch search = new RegisterSearch(ops);
    List<Operation> best = new ArrayList<>();
    Set<Explored> explored = new HashSet<>();
    for (String start : starts) {
      if (search.run(search.id(start), explored, best, null)) {
        return new Result(true, List.of());
      }
    }
    return new Result(false, List.copyOf(best));
  }

  /**
   * Every value the register can hold once all ok operations are placed, over all orders (unknown
   * puts placed or not). Empty when there is no order. For the online checker, which starts a new
   * segment from them.
   */
  static Set<String> finalValues(List<Operation> ops, Collection<String> starts) {
    RegisterSearch search = new RegisterSearch(ops);
    Set<Integer> finals = new HashSet<>();
    Set<Explored> explored = new HashSet<>();
    for (String start : starts) {
      search.run(search.id(start), explored, new ArrayList<>(), finals);
    }
    Set<String> out = new LinkedHashSet<>();
    finals.forEach(v -> out.add(search.values.get(v)));
    return out;
  }

  private int id(String value) {
    return ids.computeIfAbsent(
        value,
        v -> {
          values.add(v);
          return values.size() - 1;
        });
  }

  /**
   * One depth-first search from state; true as soon as every ok operation is placed, unless finals
   * is given, in which case it goes on and collects the final values of every order. best receives
   * the longest prefix.
   */
  private boolean run(
      int state, Set<Explored> explored, List<Operation> best, Set<Integer> finals) {
    Entry head = build();
    BitSet placed = new BitSet();
    int placedDefinite = 0;
    Deque<Frame> stack = new ArrayDeque<>();
    Entry entry = head.next;
    if (definiteCount == 0) {
      if (finals == null) {
        return true;
      }
      finals.add(state);
    }
    while (true) {
      if (entry != null && entry.call) {
        int op = entry.op;
        boolean legal = reads[op] < 0 || reads[op] == state;
        int next = writes[op] >= 0 ? writes[op] : state;
        if (legal) {
          BitSet withOp = (BitSet) placed.clone();
          withOp.set(op);
          if (explored.add(new Explored(withOp, next))) {
            stack.push(new Frame(entry, state));
            state = next;
            placed = withOp;
            placedDefinite += definite[op] ? 1 : 0;
            lift(entry);
            if (placedDefinite == definiteCount) {
              if (finals == null) {
                return true;
              }
              finals.add(state);
            }
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
        continue;
      }
      // A return of an unplaced operation (or the end of the list): no order can go this way. Undo
      // the latest choice.
      if (stack.size() > best.size()) {
        best.clear();
        stack.descendingIterator().forEachRemaining(f -> best.add(ops.get(f.call().op)));
      }
      if (stack.isEmpty()) {
        return false;
      }
      Frame frame = stack.pop();
      state = frame.state();
      placed = (BitSet) placed.clone();
      placed.clear(frame.call().op);
      placedDefinite -= definite[frame.call().op] ? 1 : 0;
      unlift(frame.call());
      entry = frame.call().next;
    }
  }

  private Entry build() {
    List<Entry> events = new ArrayList<>(2 * ops.size());
    for (int i = 0; i < ops.size(); i++) {
      Entry call = new Entry(i, true);
      Entry ret = new Entry(i, false);
      call.match = ret;
      events.add(call);
      events.add(ret);
    }
    // By time; on a tie the call first, which only allows more orders.
    events.sort(
        Comparator.<Entry>comparingLong(
                e -> e.call ? ops.get(e.op).invokeMicros() : completion(e.op))
            .thenComparing(e -> !e.call));
    Entry head = new Entry(-1, false);
    Entry last = head;
    for (Entry e : events) {
      last.next = e;
      e.prev = last;
      last = e;
    }
    return head;
  }

  private long completion(int op) {
    return definite[op] ? ops.get(op).completeMicros() : Long.MAX_VALUE;
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
