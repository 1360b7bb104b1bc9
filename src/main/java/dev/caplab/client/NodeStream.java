package dev.caplab.client;

import dev.caplab.config.NodeConfig;
import dev.caplab.proto.observe.Event;
import dev.caplab.proto.observe.EventBatch;
import dev.caplab.proto.observe.EventsRequest;
import dev.caplab.proto.observe.ObservationGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One node's event stream for a {@link ClusterObserver}, in batches (one stream message carries
 * every event the node had ready): reconnects with back-off when the node goes away and resumes
 * after the last event it saw, dropping repeats. Thread-safe; gRPC calls back on its own threads,
 * one at a time per call.
 */
final class NodeStream {

  private static final long MIN_BACKOFF_MILLIS = 50;
  // Short: a node that starts listens about a second after exec, and a GUI waiting out a long
  // back-off showed
  // it "starting" up to a second after it served. A refused connect on loopback costs next to
  // nothing.
  private static final long MAX_BACKOFF_MILLIS = 200;
  private static final int FLOW_CONTROL_WINDOW_BYTES = 256 * 1024;

  private final NodeConfig node;
  private final ClusterObserver owner;
  private final ScheduledExecutorService scheduler;
  private final ManagedChannel channel;
  private ClientCall<EventsRequest, EventBatch> call; // guarded by this
  private long incarnation; // guarded by this
  private long lastSeq; // guarded by this
  private boolean connected; // guarded by this
  private long backoffMillis = MIN_BACKOFF_MILLIS; // guarded by this

  NodeStream(NodeConfig node, ClusterObserver owner, ScheduledExecutorService scheduler) {
    this.node = node;
    this.owner = owner;
    this.scheduler = scheduler;
    // A fixed, modest HTTP/2 window: bytes the transport may buffer beyond the events granted by
    // request().
    this.channel =
        NettyChannelBuilder.forAddress(node.ip(), node.port())
            .usePlaintext()
            .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
            .build();
  }

  synchronized void connect() {
    if (owner.isClosed()) {
      return;
    }
    ClientCall<EventsRequest, EventBatch> next =
        channel.newCall(ObservationGrpc.getEventBatchesMethod(), CallOptions.DEFAULT);
    call = next;
    EventWindow window = new EventWindow(next, ClusterObserver.WINDOW, ClusterObserver.MAX_BATCH);
    next.start(new Listener(window), new Metadata());
    next.sendMessage(
        EventsRequest.newBuilder()
            .setFromSeq(lastSeq == 0 ? 0 : lastSeq + 1)
            .setIncarnation(incarnation)
            .build());
    next.halfClose();
    window.open();
  }

  void close() {
    ClientCall<EventsRequest, EventBatch> current;
    synchronized (this) {
      current = call;
    }
    if (current != null) {
      current.cancel("observer closed", null);
    }
    channel.shutdownNow();
  }

  private final class Listener extends ClientCall.Listener<EventBatch> {

    private final EventWindow window;

    Listener(EventWindow window) {
      this.window = window;
    }

    @Override
    public void onHeaders(Metadata headers) {
      synchronized (NodeStream.this) {
        connected = true;
        backoffMillis = MIN_BACKOFF_MILLIS;
      }
      owner.onConnection(node.id(), true);
    }

    @Override
    public void onMessage(EventBatch batch) {
      List<NodeEvent> fresh = new ArrayList<>(batch.getEventsCount());
      int firstOfIncarnation = -1; // index in fresh of the first event after a restart
      List<Event> gaps = new ArrayList<>(0);
      synchronized (NodeStream.this) {
        for (Event event : batch.getEventsList()) {
          if (event.getIncarnation() != incarnation) {
            if (incarnation != 0) {
              firstOfIncarnation = fresh.size(); // the node restarted: its seqs begin again
            }
            incarnation = event.getIncarnation();
            lastSeq = 0;
          }
          if ("GAP".equals(event.getType())) {
            lastSeq = Math.max(lastSeq, event.getGapToSeq());
            gaps.add(event);
          } else if (event.getSeq() > lastSeq) { // not a repeat after a resume
            lastSeq = event.getSeq();
            fresh.add(ClusterObserver.toNodeEvent(event));
          }
        }
      }
      for (Event gap : gaps) {
        owner.onGap(node.id(), gap.getSeq(), gap.getGapToSeq());
      }
      // Counted as held before the merger has them, so that their delivery is never counted first.
      window.arrived(fresh.size());
      if (!fresh.isEmpty()) {
        owner.onEvents(fresh, firstOfIncarnation, window);
      }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      boolean wasConnected;
      long delay;
      synchronized (NodeStream.this) {
        wasConnected = connected;
        connected = false;
        delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
      }
      if (wasConnected) {
        owner.onConnection(node.id(), false);
      }
      if (owner.isClosed()) {
        return;
      }
      // Without this, gRPC waits out its own (longer) reconnect back-off after the node comes back.
      channel.resetConnectBackoff();
      scheduler.schedule(NodeStream.this::connect, delay, TimeUnit.MILLISECONDS);
    }
  }
}
