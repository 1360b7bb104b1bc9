package dev.caplab.client;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.proto.observe.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches every node of a cluster: one event stream per node, resumed after crashes and restarts,
 * merged into one causally ordered flow and handed to the listener in batches, at most one batch
 * per frame (~16 ms) and never more than one at a time, on the listener's executor. Thread-safe.
 *
 * <p>Memory stays bounded however slow the listener is: each stream may have at most {@value
 * #WINDOW} events in flight (gRPC flow control, counted in events by {@link EventWindow} although a
 * message carries up to {@value #MAX_BATCH}), and a stream is granted more only as its events are
 * delivered. A node whose buffer overtakes a slow observer reports a gap instead.
 */
public final class ClusterObserver implements AutoCloseable {

  /** The most events a node puts in one stream message (its EventSubscription.BATCH). */
  static final int MAX_BATCH = 128;

  static final int WINDOW = 4096;
  static final long FRAME_MILLIS = 16;
  static final Duration HOLD = Duration.ofMillis(40);
  // Long: it only matters while a connected sender's stream lags, and then waiting is right.
  static final Duration PAIR_WAIT = Duration.ofSeconds(5);

  private final EventListener listener;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final EventMerger merger;
  private final List<NodeStream> streams = new ArrayList<>();
  private final List<Runnable> notices = new ArrayList<>(); // guarded by this
  private boolean inFlight; // guarded by this
  private volatile boolean closed;

  private ClusterObserver(ClusterConfig config, EventListener listener, Executor executor) {
    this.listener = listener;
    this.executor = executor;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "cluster-observer");
              thread.setDaemon(true);
              return thread;
            });
    this.merger = new EventMerger(config.ids(), HOLD.toNanos(), PAIR_WAIT.toNanos());
    for (NodeConfig node : config.nodes()) {
      streams.add(new NodeStream(node, this, scheduler));
    }
  }

  /** Subscribes to every node of config; the listener is called on executor. */
  public static ClusterObserver start(
      ClusterConfig config, EventListener listener, Executor executor) {
    ClusterObserver observer = new ClusterObserver(config, listener, executor);
    observer.streams.forEach(NodeStream::connect);
    observer.scheduler.scheduleWithFixedDelay(
        observer::deliver, FRAME_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    return observer;
  }

  // Called by the streams, on gRPC threads.

  /**
   * One message's events of one node, in seq order; the one at firstOfIncarnation (if not -1) is
   * the first after the node restarted. Their window opens again as they are delivered.
   */
  synchronized void onEvents(List<NodeEvent> events, int firstOfIncarnation, EventWindow window) {
    long now = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      merger.add(events.get(i), now, i == firstOfIncarnation, window);
    }
  }

  synchronized void onGap(String node, long fromSeq, long toSeq) {
    merger.gap(node, fromSeq, toSeq);
    notices.add(() -> listener.onGap(node, fromSeq, toSeq));
  }

  synchronized void onConnection(String node, boolean connected) {
    merger.connected(node, connected);
    notices.add(() -> listener.onConnection(node, connected));
  }

  /** Events received but not yet handed to the listener. */
  synchronized int pending() {
    return merger.pending();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Runs every frame on the scheduler: hands what may go to the listener, unless a batch is still
   * out.
   */
  private void deliver() {
    List<Runnable> due;
    List<EventMerger.Pending> ready;
    synchronized (this) {
      if (inFlight || closed) {
        return;
      }
      ready = merger.drain(System.nanoTime());
      if (ready.isEmpty() && notices.isEmpty()) {
        return;
      }
      due = List.copyOf(notices);
      notices.clear();
      inFlight = true;
    }
    List<NodeEvent> batch = new ArrayList<>(ready.size());
    Map<EventWindow, Integer> credits = new IdentityHashMap<>();
    for (EventMerger.Pending p : ready) {
      batch.add(p.event());
      credits.merge((EventWindow) p.source(), 1, Integer::sum);
    }
    try {
      executor.execute(
          () -> {
            try {
              due.forEach(Runnable::run);
              if (!batch.isEmpty() && !closed) {
                listener.onEvents(List.copyOf(batch));
              }
            } finally {
              synchronized (this) {
                inFlight = false;
              }
              // The listener has the events: their streams may send as many again.
              credits.forEach(EventWindow::delivered);
            }
          });
    } catch (
        RejectedExecutionException
            e) { // the listener's executor is shut down: nobody listens any more
      close();
    }
  }

  /** Stops every stream; no listener call starts after this returns. */
  @Override
  public void close() {
    closed = true;
    streams.forEach(NodeStream::close);
    scheduler.shutdownNow();
  }

  /** Converts the wire form; GAP events are not converted (they become onGap). */
  static NodeEvent toNodeEvent(Event e) {
    return new NodeEvent(
        e.getNode(),
        e.getSeq(),
        e.getLamport(),
        e.getWallMillis(),
        e.getType(),
        e.getLabel(),
        e.getPeer(),
        e.getKey(),
        e.getTxId(),
        e.getVersion(),
        e.getVotes(),
        e.getNeeded(),
        e.getMicros(),
        e.getDetail(),
        e.getCauseSeq());
  }
}
