package dev.caplab.server;

import dev.caplab.proto.observe.Event;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One observer's stream. It keeps only a cursor into the node's ring and pulls from it while the
 * transport is ready, so a slow observer costs no memory: when the ring overtakes the cursor it
 * gets a GAP event and continues from the oldest buffered event. Drains run on the executor, one at
 * a time, a few milliseconds after the event that calls for them, so that a busy node sends its
 * events in batches (one write and one wake-up per batch, not per event).
 */
final class EventSubscription {

  private static final int BATCH = 128;
  private static final long COALESCE_MILLIS = 5;

  private final EventLog log;
  private final long incarnation;
  private final ServerCallStreamObserver<Event> call;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean cancelled;
  private long next; // drain only
  private Runnable unsubscribe = () -> {};

  EventSubscription(
      EventLog log,
      long incarnation,
      long firstSeq,
      ServerCallStreamObserver<Event> call,
      ScheduledExecutorService executor,
      Clock clock) {
    this.log = log;
    this.incarnation = incarnation;
    this.next = firstSeq;
    this.call = call;
    this.executor = executor;
    this.clock = clock;
  }

  void start() {
    call.setOnCancelHandler(this::cancel);
    call.setOnReadyHandler(this::schedule);
    unsubscribe = log.subscribe(this::schedule);
    schedule();
  }

  /** Called on emitting threads after each event: cheap, never blocks. */
  private void schedule() {
    if (!cancelled && wip.getAndIncrement() == 0) {
      executor.schedule(this::drain, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      try {
        drainOnce();
      } catch (RuntimeException e) { // e.g. the call was cancelled between isReady and onNext
        cancel();
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drainOnce() {
    while (!cancelled && call.isReady()) {
      List<EventLog.Stamped> batch = log.since(next, BATCH);
      if (batch.isEmpty()) {
        return;
      }
      long first = batch.get(0).seq();
      if (first > next) {
        call.onNext(
            EventStreams.gap(batch.get(0).node(), incarnation, next, first - 1, clock.millis()));
        next = first;
      }
      for (EventLog.Stamped stamped : batch) {
        if (cancelled || !call.isReady()) {
          return;
        }
        call.onNext(EventStreams.toProto(stamped, incarnation));
        next = stamped.seq() + 1;
      }
    }
  }

  private void cancel() {
    cancelled = true;
    unsubscribe.run();
  }
}
