package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Thread-safe: clients on any thread record their operations here. Takes the invocation time before
 * a request is sent and the completion time when its answer (or its failure) arrives, and keeps the
 * completed operations in the order they completed, and feeds its {@link OnlineChecker} as it goes.
 * A completion runs the check of its key on the caller's thread and invoke may wait for one in
 * progress (well under a millisecond per operation on the lab's loads), so neither belongs on a UI
 * thread.
 *
 * <pre>
 *   HistoryRecorder.Pending call = history.invoke("client-3", Type.PUT, "color", "red");
 *   ... send ...
 *   call.ok();             // or call.fail() / call.unknown(); a get: call.ok(valueRead)
 * </pre>
 */
public final class HistoryRecorder {

  private final LongSupplier clockMicros;
  private final OnlineChecker checker;
  private final List<Operation> completed = new ArrayList<>();

  /**
   * clockMicros: a monotonic clock in microseconds, e.g. {@code () -> System.nanoTime() / 1000}.
   */
  public HistoryRecorder(LongSupplier clockMicros) {
    this(clockMicros, new OnlineChecker());
  }

  public HistoryRecorder(LongSupplier clockMicros, OnlineChecker checker) {
    this.clockMicros = clockMicros;
    this.checker = checker;
  }

  /** Call just before sending; value is what a put writes (ignored for a get). */
  public Pending invoke(String process, Type type, String key, String value) {
    long now = clockMicros.getAsLong();
    return new Pending(checker.invoke(process, type, key, type == Type.PUT ? value : null, now));
  }

  /** Completed operations so far, in the order they completed. */
  public synchronized List<Operation> operations() {
    return List.copyOf(completed);
  }

  /** The live verdict over what completed so far. */
  public Verdict verdict() {
    return checker.verdict();
  }

  /** An operation in flight; complete it exactly once. */
  public final class Pending {
    private final long ticket;

    private Pending(long ticket) {
      this.ticket = ticket;
    }

    /**
     * Answered: for a get, value is what it returned (null = not found); for a put it is ignored.
     */
    public Operation ok(String value) {
      return finish(value, Outcome.OK);
    }

    /** A put was acknowledged (or a get found nothing). */
    public Operation ok() {
      return finish(null, Outcome.OK);
    }

    /** Certainly had no effect (e.g. refused before anything was written). */
    public Operation fail() {
      return finish(null, Outcome.FAIL);
    }

    /** Timed out, or failed in a way that may still take effect. */
    public Operation unknown() {
      return finish(null, Outcome.UNKNOWN);
    }

    private Operation finish(String value, Outcome outcome) {
      // One lock around the clock and the list, so the list is in completion order.
      synchronized (HistoryRecorder.this) {
        Operation op = checker.complete(ticket, value, clockMicros.getAsLong(), outcome);
        completed.add(op);
        return op;
      }
    }
  }
}
