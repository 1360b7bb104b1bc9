package dev.caplab.ui;

import dev.caplab.core.history.OnlineChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Verdict;
import dev.caplab.core.history.Violation;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Judges the lab's history as it grows: every invocation and completion recorded in the {@link
 * OpLog} goes, in order, to core.history's online linearizability checker on one background thread
 * (a check can take a while; it never runs on the FX thread or on a gRPC thread). The verdict is
 * published a few times a second at most, and the frame takes it with {@link #take}: the worker
 * never calls into the view-models, so nothing of theirs runs on its thread. Thread-safe.
 */
final class HistoryJudge implements OpLog.Listener, AutoCloseable {

  private static final long PUBLISH_MILLIS = 200;

  /** A verdict as published, with the number of stale reads found so far. */
  record Published(VerdictViewModel.Judged judged, int staleReads) {}

  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lab-verdict");
            t.setDaemon(true);
            return t;
          });
  private final Map<Long, Long> tickets = new HashMap<>(); // worker thread only
  private OnlineChecker checker = new OnlineChecker(); // worker thread only
  private long origin =
      Long.MAX_VALUE; // worker thread only: the first invocation, where the checker's times start
  private boolean publishing; // worker thread only
  private final AtomicReference<Published> latest = new AtomicReference<>();

  /** The verdict published since the last call, if any (called once a frame). */
  Optional<Published> take() {
    return Optional.ofNullable(latest.getAndSet(null));
  }

  @Override
  public void invoked(OpLog.Pending op) {
    worker.execute(
        () -> {
          origin = Math.min(origin, op.invokeMicros());
          tickets.put(
              op.ticket(),
              checker.invoke(op.process(), type(op.op()), op.key(), op.value(), op.invokeMicros()));
        });
  }

  @Override
  public void completed(OpLog.Pending op, OpLog.Entry done) {
    worker.execute(
        () -> {
          Long ticket = tickets.remove(op.ticket());
          if (ticket == null) {
            return; // invoked before the last reset
          }
          checker.complete(ticket, done.value(), done.completeMicros(), outcome(done.outcome()));
          publishSoon();
        });
  }

  /** A new history: forgets every operation, including those still in flight. */
  void reset() {
    worker.execute(
        () -> {
          checker = new OnlineChecker();
          tickets.clear();
          origin = Long.MAX_VALUE;
          publish();
        });
  }

  private void publishSoon() {
    if (!publishing) {
      publishing = true;
      worker.schedule(this::publish, PUBLISH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void publish() {
    publishing = false;
    VerdictViewModel.Judged judged = judged(checker.verdict(), origin);
    latest.set(new Published(judged, checker.violations()));
  }

  /**
   * origin: the first invocation, in the history's micros, from which the explanation counts its
   * seconds.
   */
  static VerdictViewModel.Judged judged(Verdict v, long origin) {
    Violation violation = v.violation();
    if (violation == null) {
      return new VerdictViewModel.Judged(v.operations(), "", Set.of(), List.of());
    }
    Set<String> refs =
        violation.operations().stream()
            .map(op -> OpLog.ref(op.process(), op.invokeMicros()))
            .collect(Collectors.toSet());
    List<String> lines =
        violation.operations().stream()
            .map(
                op ->
                    String.format(
                        Locale.ROOT,
                        "%s: %s, %.2f s to %.2f s, %s",
                        op.process(),
                        op.describe(),
                        (op.invokeMicros() - origin) / 1e6,
                        (op.completeMicros() - origin) / 1e6,
                        op.outcome().name().toLowerCase(Locale.ROOT)))
            .toList();
    return new VerdictViewModel.Judged(v.operations(), violation.explanation(), refs, lines);
  }

  private static Operation.Type type(String op) {
    return op.equals("put") ? Operation.Type.PUT : Operation.Type.GET;
  }

  private static Operation.Outcome outcome(OpLog.Outcome outcome) {
    return switch (outcome) {
      case OK -> Operation.Outcome.OK;
      case FAIL -> Operation.Outcome.FAIL;
      case UNKNOWN -> Operation.Outcome.UNKNOWN;
    };
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
