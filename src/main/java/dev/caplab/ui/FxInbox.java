package dev.caplab.ui;

import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The GUI's only crossing onto the FX thread. Its methods may be called from any thread; it queues
 * what arrives and hands it to the target through the injected executor in one drain at most once
 * per frame, so a flood of events costs one FX task per frame rather than one per event. The
 * target's methods run on that executor.
 */
final class FxInbox implements EventListener {

  private final Executor fx;
  private final long frameNanos;
  private final LongSupplier nanoClock;
  private final EventListener target;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long lastDrain;
  private long drains;
  private long busyNanos;
  private boolean draining;

  FxInbox(Executor fx, Duration frame, LongSupplier nanoClock, EventListener target) {
    this.fx = fx;
    this.frameNanos = frame.toNanos();
    this.nanoClock = nanoClock;
    this.target = target;
    this.lastDrain = nanoClock.getAsLong() - frameNanos;
  }

  @Override
  public void onEvents(List<NodeEvent> batch) {
    if (!batch.isEmpty()) {
      queue.add(List.copyOf(batch));
      schedule();
    }
  }

  @Override
  public void onConnection(String node, boolean connected) {
    post(() -> target.onConnection(node, connected));
  }

  @Override
  public void onGap(String node, long fromSeq, long toSeq) {
    post(() -> target.onGap(node, fromSeq, toSeq));
  }

  /** Runs the update on the FX side, in order with the events queued before it. */
  void post(Runnable update) {
    queue.add(update);
    schedule();
  }

  /** When the future completes, hands its value or its (unwrapped) failure to the FX side. */
  <T> void deliver(CompletableFuture<T> future, BiConsumer<? super T, ? super Throwable> then) {
    future.whenComplete((value, error) -> post(() -> then.accept(value, unwrap(error))));
  }

  /** Time spent handing queued work to the target, summed over all drains. */
  long busyNanos() {
    return busyNanos;
  }

  /** How many drains ran: each is one FX task. */
  long drains() {
    return drains;
  }

  private void schedule() {
    if (!scheduled.compareAndSet(false, true)) {
      return;
    }
    long wait = lastDrain + frameNanos - nanoClock.getAsLong();
    if (wait <= 0) {
      fx.execute(this::drain);
    } else {
      CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, fx).execute(this::drain);
    }
  }

  private void drain() {
    // Cleared before reading, so anything queued from now on schedules the next drain.
    scheduled.set(false);
    if (draining) {
      return; // called from inside a drain (same-thread executor): the running loop picks the item
      // up
    }
    draining = true;
    lastDrain = nanoClock.getAsLong();
    drains++;
    try {
      drainQueue();
    } finally {
      draining = false;
      busyNanos += nanoClock.getAsLong() - lastDrain;
    }
  }

  private void drainQueue() {
    List<NodeEvent> events = new ArrayList<>();
    while (true) {
      Object item = queue.poll();
      if (item == null) {
        flush(events); // may queue more (a same-thread executor), so look again before leaving
        if (queue.isEmpty()) {
          return;
        }
      } else if (item instanceof Runnable update) {
        flush(events);
        update.run();
      } else {
        @SuppressWarnings("unchecked")
        List<NodeEvent> batch = (List<NodeEvent>) item;
        events.addAll(batch);
      }
    }
  }

  private void flush(List<NodeEvent> events) {
    if (!events.isEmpty()) {
      target.onEvents(List.copyOf(events));
      events.clear();
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
