package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread-safe: every method may be called from any thread (one lock; a check runs on the caller's
 * thread, so keep it off a UI thread). A live linearizability verdict over operations as they
 * happen, for the GUI.
 *
 * <p>Announce each operation when it is invoked ({@link #invoke}) and report it when it completes
 * ({@link #complete}); {@link HistoryRecorder} does both. Knowing what is still in flight is what
 * keeps the verdict honest: a get may return a value whose put has not answered yet, and that put
 * counts as one that may take effect at any time. {@link #add} takes an operation nobody announced,
 * for histories recorded elsewhere.
 *
 * <p>Cheap on a stream: each key is checked by the same search as {@link LinearizabilityChecker},
 * but only over the operations since the key's last quiet point (a moment no operation of that key
 * spanned). When such a segment has grown, it is closed: the values the register could hold at the
 * quiet point, over every order of the segment, become the starting values of the next one, and its
 * operations are dropped. Unknown puts stay pending across segments, since they may land at any
 * later time. The verdict never reports a violation that the full check would not; it can miss one
 * that needs an unknown put to have landed exactly once when another put wrote the same value (with
 * unique values, as the lab's load writes, it is exact).
 *
 * <p>A key with a violation keeps its first one and is not checked further; the verdict reports the
 * first violation found.
 */
public final class OnlineChecker {

  private final int segmentSize;

  private final Map<String, KeyState> keys = new HashMap<>();
  private final Map<Long, Operation> inFlight = new HashMap<>();
  private long nextTicket;
  private long origin = Long.MAX_VALUE;
  private int operations;
  private Violation first;
  private int violations;

  public OnlineChecker() {
    this(64);
  }

  /** segmentSize: a key's segment is closed at a quiet point once it holds this many operations. */
  OnlineChecker(int segmentSize) {
    this.segmentSize = segmentSize;
  }

  /**
   * An operation that has been sent; returns the ticket to complete it with. value: what a put
   * writes.
   */
  public synchronized long invoke(
      String process, Type type, String key, String value, long invokeMicros) {
    // Held as an unknown operation until it completes: an in-flight put may take effect at any
    // time.
    Operation pending =
        new Operation(
            process,
            type,
            key,
            type == Type.PUT ? value : null,
            invokeMicros,
            invokeMicros,
            Outcome.UNKNOWN);
    long ticket = nextTicket++;
    inFlight.put(ticket, pending);
    origin = Math.min(origin, invokeMicros);
    keys.computeIfAbsent(key, k -> new KeyState());
    return ticket;
  }

  /**
   * Completes an invoked operation: value is what a get returned (ignored for a put); returns the
   * operation.
   */
  public synchronized Operation complete(
      long ticket, String value, long completeMicros, Outcome outcome) {
    Operation pending = inFlight.remove(ticket);
    if (pending == null) {
      throw new IllegalArgumentException(
          "ticket " + ticket + " was not invoked or is already complete");
    }
    Operation done =
        new Operation(
            pending.process(),
            pending.type(),
            pending.key(),
            pending.isPut() ? pending.value() : value,
            pending.invokeMicros(),
            completeMicros,
            outcome);
    record(done, false);
    return done;
  }

  /** An operation that was not announced with {@link #invoke}. */
  public synchronized void add(Operation op) {
    origin = Math.min(origin, op.invokeMicros());
    record(op, true);
  }

  /**
   * How many keys have a violation so far (a key keeps its first one and is not checked further).
   */
  public synchronized int violations() {
    return violations;
  }

  /** The verdict so far: every operation completed, every key seen, the first violation if any. */
  public synchronized Verdict verdict() {
    return new Verdict(operations, keys.size(), first);
  }

  private void record(Operation op, boolean unannounced) {
    operations++;
    KeyState key = keys.computeIfAbsent(op.key(), k -> new KeyState());
    // A failed put was counted as maybe applied while in flight, so its key is checked again
    // without it.
    boolean recheck = op.isPut() && !unannounced;
    if (key.violation != null || !(LinearizabilityChecker.relevant(op) || recheck)) {
      return;
    }
    if (unannounced && op.invokeMicros() < key.cut) {
      // It spanned a quiet point we already closed: a get there says nothing we can still check; a
      // put may have
      // landed on either side of it.
      if (!op.isPut()) {
        return;
      }
      key.starts.add(op.value());
      op =
          new Operation(
              op.process(),
              op.type(),
              op.key(),
              op.value(),
              key.cut,
              Math.max(key.cut, op.completeMicros()),
              Outcome.UNKNOWN);
    }
    if (op.outcome() == Outcome.UNKNOWN) {
      key.carried.add(op);
    } else if (op.outcome() == Outcome.OK) {
      key.segment.add(op);
    }
    List<Operation> ops = key.ops(inFlightPuts(op.key()));
    key.violation =
        LinearizabilityChecker.checkKey(
            op.key(), ops, key.starts, origin, List.copyOf(key.retired.values()));
    if (key.violation != null) {
      first = first == null ? key.violation : first;
      violations++;
      return;
    }
    if (key.segment.size() >= segmentSize) {
      key.close(inFlightFor(op.key()));
    }
  }

  private List<Operation> inFlightFor(String key) {
    return inFlight.values().stream().filter(op -> op.key().equals(key)).toList();
  }

  private List<Operation> inFlightPuts(String key) {
    return inFlightFor(key).stream().filter(Operation::isPut).toList();
  }

  /** One key: its current segment, the values it may start from, and unknown puts still pending. */
  private static final class KeyState {
    Set<String> starts = new LinkedHashSet<>(Collections.singleton(null));
    final List<Operation> segment = new ArrayList<>();
    final List<Operation> carried = new ArrayList<>();
    long cut = Long.MIN_VALUE;

    /** The latest puts of closed segments, by value, to name them in an explanation; bounded. */
    final Map<String, Operation> retired =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Operation> eldest) {
            return size() > 256;
          }
        };

    Violation violation;

    List<Operation> ops(List<Operation> inFlightPuts) {
      List<Operation> ops = new ArrayList<>(carried.size() + segment.size() + inFlightPuts.size());
      ops.addAll(carried);
      ops.addAll(segment);
      ops.addAll(inFlightPuts);
      return ops;
    }

    private long writers(String value) {
      return java.util.stream.Stream.concat(carried.stream(), segment.stream())
          .filter(op -> op.isPut() && op.value().equals(value))
          .count();
    }

    /** Closes the segment at its latest quiet point, if there is one. */
    void close(List<Operation> inFlight) {
      // Quiet point: a time before which every operation (in flight ones included) has completed
      // and after which
      // every other one is invoked.
      List<Operation> spans = new ArrayList<>(segment);
      spans.addAll(inFlight);
      spans.sort(Comparator.comparingLong(Operation::invokeMicros));
      long reach = Long.MIN_VALUE;
      long quiet = Long.MIN_VALUE;
      for (Operation op : spans) {
        if (reach < op.invokeMicros() && reach != Long.MIN_VALUE) {
          quiet = op.invokeMicros();
        }
        long end =
            op.outcome() == Outcome.OK ? op.completeMicros() : Long.MAX_VALUE; // in flight: not yet
        reach = Math.max(reach, end);
      }
      if (quiet == Long.MIN_VALUE) {
        return;
      }
      long at = quiet;
      List<Operation> before = new ArrayList<>();
      carried.stream().filter(op -> op.invokeMicros() < at).forEach(before::add);
      segment.stream().filter(op -> op.invokeMicros() < at).forEach(before::add);
      Set<String> next = RegisterSearch.finalValues(before, starts);
      if (next.isEmpty()) {
        return; // cannot happen after a passing check; keep the segment rather than lose the
        // argument
      }
      // An unknown put that is the only writer of a value a get here returned took effect here, in
      // every order:
      // it cannot land again later.
      Set<String> readHere = new HashSet<>();
      before.stream().filter(op -> !op.isPut()).forEach(op -> readHere.add(op.value()));
      carried.removeIf(
          p ->
              p.invokeMicros() < at
                  && readHere.contains(p.value())
                  && !starts.contains(p.value())
                  && writers(p.value()) == 1);
      starts = new LinkedHashSet<>(next);
      segment.stream()
          .filter(op -> op.invokeMicros() < at && op.isPut())
          .forEach(
              op -> {
                retired.remove(op.value());
                retired.put(op.value(), op);
              });
      segment.removeIf(op -> op.invokeMicros() < at);
      cut = at;
    }
  }
}
