package dev.caplab.ui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Every client operation the GUI issues (console and load), as a history: invocation and completion
 * on one clock (microseconds since the cluster started), input, output and outcome as DESIGN §2
 * defines them. Thread-safe and cheap: load threads and the FX thread record here; whoever judges
 * the history reads it elsewhere.
 */
final class OpLog {

  private static final int WHERE_KEPT = 20_000;

  /** ok; fail: certainly had no effect; unknown: may still take effect. */
  enum Outcome {
    OK,
    FAIL,
    UNKNOWN
  }

  /** One completed operation. value: what a put wrote, or what a get returned (null: not found). */
  record Entry(
      String process,
      String op,
      String key,
      String value,
      long invokeMicros,
      long completeMicros,
      Outcome outcome) {

    /** How the console and the verdict name it: "process@invokeMicros". */
    String ref() {
      return OpLog.ref(process, invokeMicros);
    }
  }

  /** An operation sent and not answered yet. */
  record Pending(
      long ticket, String process, String op, String key, String value, long invokeMicros) {
    String ref() {
      return OpLog.ref(process, invokeMicros);
    }
  }

  /**
   * Where an operation went and when, on the wall clock the nodes' events carry: for the time-space
   * diagram.
   */
  record Where(
      String node, String op, String key, long invokeWallMillis, long completeWallMillis) {}

  /**
   * Hears every invocation and completion in the order they were recorded. Called on the recording
   * thread.
   */
  interface Listener {
    void invoked(Pending op);

    void completed(Pending op, Entry done);
  }

  private final LongSupplier nanoClock;
  private final AtomicLong tickets = new AtomicLong();
  private final Set<Listener> listeners = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<Long, Pending> inFlight = new ConcurrentHashMap<>();
  private final Set<String> busyProcesses = ConcurrentHashMap.newKeySet();
  private volatile long originNanos;
  private final Map<String, Where> where =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Where> eldest) {
              return size() > WHERE_KEPT;
            }
          });

  OpLog(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.originNanos = nanoClock.getAsLong();
  }

  static String ref(String process, long invokeMicros) {
    return process + "@" + invokeMicros;
  }

  void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** Starts a new history: times count from now. */
  void reset() {
    inFlight.clear();
    where.clear();
    busyProcesses.clear();
    originNanos = nanoClock.getAsLong();
  }

  long nowMicros() {
    return (nanoClock.getAsLong() - originNanos) / 1000;
  }

  /**
   * A process (a client) of the history issues one operation at a time: this claims the first free
   * process name of the family ("console", "console-2"...), so overlapping console operations are
   * different clients.
   */
  String claimProcess(String family) {
    for (int i = 1; ; i++) {
      String name = i == 1 ? family : family + "-" + i;
      if (busyProcesses.add(name)) {
        return name;
      }
    }
  }

  /**
   * Records an invocation sent to a node; value is what a put writes ("" for a get). The process
   * must be claimed or unique.
   */
  Pending invoke(String process, String node, String op, String key, String value) {
    Pending p = invoke(process, op, key, value);
    where.put(p.ref(), new Where(node, op, key, System.currentTimeMillis(), Long.MAX_VALUE));
    return p;
  }

  /** Where an operation went, if it is among the recent ones. */
  Optional<Where> where(String ref) {
    return Optional.ofNullable(where.get(ref));
  }

  /**
   * Records an invocation; value is what a put writes ("" for a get). The process must be claimed
   * or unique.
   */
  Pending invoke(String process, String op, String key, String value) {
    busyProcesses.add(process);
    Pending p =
        new Pending(
            tickets.incrementAndGet(),
            process,
            op,
            key,
            op.equals("put") ? value : null,
            nowMicros());
    inFlight.put(p.ticket(), p);
    listeners.forEach(l -> l.invoked(p));
    return p;
  }

  /** Records the completion of an invocation from the result the console shows. */
  Entry complete(Pending p, OpResult result) {
    Where sent = where.get(p.ref());
    if (sent != null) {
      where.put(
          p.ref(),
          new Where(
              sent.node(),
              sent.op(),
              sent.key(),
              sent.invokeWallMillis(),
              System.currentTimeMillis()));
    }
    long completed = Math.max(p.invokeMicros(), nowMicros());
    Entry done =
        new Entry(
            p.process(),
            p.op(),
            p.key(),
            p.op().equals("put") ? p.value() : result.value(),
            p.invokeMicros(),
            completed,
            outcome(p.op(), result));
    if (inFlight.remove(p.ticket()) != null) {
      busyProcesses.remove(p.process());
      listeners.forEach(l -> l.completed(p, done));
    }
    return done;
  }

  /** Operations sent and not answered yet. */
  List<Pending> inFlight() {
    return new ArrayList<>(inFlight.values());
  }

  /**
   * A put the node refused (voted down, bad argument, wrong node) certainly had no effect; any
   * other failure (timeout, unreachable) may still take effect. A get never changes anything, so a
   * failed one is a fail.
   */
  static Outcome outcome(String op, OpResult r) {
    if (r.ok()) {
      return Outcome.OK;
    }
    if (op.equals("get")) {
      return Outcome.FAIL;
    }
    return switch (r.status()) {
      case "REFUSED", "INVALID_ARGUMENT", "FAILED_PRECONDITION", "PERMISSION_DENIED" ->
          Outcome.FAIL;
      default -> Outcome.UNKNOWN;
    };
  }
}
