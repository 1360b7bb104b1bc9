package dev.caplab.server;

import dev.caplab.proto.observe.Event;
import dev.caplab.proto.observe.EventBatch;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One observer's stream. It keeps only a cursor into the node's ring and pulls from it while the
 * transport is ready, so a slow observer costs no memory: when the ring overtakes the cursor it
 * gets a GAP event and continues from the oldest buffered event. Drains run on the executor, one at
 * a time, a few milliseconds after the event that calls for them, so that a busy node sends its
 * events in batches: one write and one wake-up per batch, and with {@link #batched} one stream
 * message per batch too (the per-message cost, not the bytes, is what a watched node pays).
 */
final class EventSubscription {

  /** Events read from the ring at a time; in the batched form, the most one message carries. */
  static final int BATCH = 128;

  private static final long COALESCE_MILLIS = 5;

  /** Sends a drain's events, oldest first; returns how many it sent (fewer when not ready). */
  private interface Writer {
    int write(List<Event> events);
  }

  private final EventLog log;
  private final long incarnation;
  private final ServerCallStreamObserver<?> call;
  private final Writer writer;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean cancelled;
  private long next; // drain only
  private Runnable unsubscribe = () -> {};

  private EventSubscription(
      EventLog log,
      long incarnation,
      long firstSeq,
      ServerCallStreamObserver<?> call,
      Writer writer,
      ScheduledExecutorService executor,
      Clock clock) {
    this.log = log;
    this.incarnation = incarnation;
    this.next = firstSeq;
    this.call = call;
    this.writer = writer;
    this.executor = executor;
    this.clock = clock;
  }

  /** One stream message per event, stopping mid-batch when the transport is not ready. */
  static EventSubscription single(
      EventLog log,
      long incarnation,
      long firstSeq,
      ServerCallStreamObserver<Event> call,
      ScheduledExecutorService executor,
      Clock clock) {
    Writer writer =
        events -> {
          for (int i = 0; i < events.size(); i++) {
            if (call.isCancelled() || !call.isReady()) {
              return i;
            }
            call.onNext(events.get(i));
          }
          return events.size();
        };
    return new EventSubscription(log, incarnation, firstSeq, call, writer, executor, clock);
  }

  /** One stream message per batch of up to {@link #BATCH} events (a GAP, if any, comes first). */
  static EventSubscription batched(
      EventLog log,
      long incarnation,
      long firstSeq,
      ServerCallStreamObserver<EventBatch> call,
      ScheduledExecutorService executor,
      Clock clock) {
    Writer writer =
        events -> {
          call.onNext(EventBatch.newBuilder().addAllEvents(events).build());
          return events.size();
        };
    return new EventSubscription(log, incarnation, firstSeq, call, writer, executor, clock);
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
      List<Event> out = new ArrayList<>(batch.size() + 1);
      long first = batch.get(0).seq();
      if (first > next) {
        out.add(
            EventStreams.gap(batch.get(0).node(), incarnation, next, first - 1, clock.millis()));
      }
      for (EventLog.Stamped stamped : batch) {
        out.add(EventStreams.toProto(stamped, incarnation));
      }
      int sent = writer.write(out);
      if (sent > 0) {
        Event last = out.get(sent - 1);
        next = ("GAP".equals(last.getType()) ? last.getGapToSeq() : last.getSeq()) + 1;
      }
      if (sent < out.size()) {
        return;
      }
    }
  }

  private void cancel() {
    cancelled = true;
    unsubscribe.run();
  }
}
