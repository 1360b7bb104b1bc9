package dev.caplab.client;

import io.grpc.ClientCall;

/**
 * Flow control of one batched event stream counted in events, not messages. A message may carry
 * from one to {@link ClusterObserver#MAX_BATCH} events, so a window of messages would either let
 * too many events in or, when the node sends small batches, hold too few: then a RECEIVED held by
 * the merger for its SENT (on another node's stream) could block the window that would bring the
 * SENT's own pair. Here events received and not yet delivered, plus a full batch for every message
 * asked for and not yet arrived, stay within {@link ClusterObserver#WINDOW}; every delivered event
 * makes room at once. Thread-safe.
 */
final class EventWindow {

  private final ClientCall<?, ?> call;
  private final int window;
  private final int maxBatch;
  private int held; // guarded by this
  private int asked; // guarded by this

  EventWindow(ClientCall<?, ?> call, int window, int maxBatch) {
    this.call = call;
    this.window = window;
    this.maxBatch = maxBatch;
  }

  /** Asks for as many messages as the window holds. */
  void open() {
    topUp(0, 0);
  }

  /** A message with this many events to deliver (0: none of them new) has arrived. */
  void arrived(int events) {
    topUp(1, -events);
  }

  /** This many of the events have reached the listener. */
  void delivered(int events) {
    topUp(0, events);
  }

  private void topUp(int arrivedMessages, int freedEvents) {
    int more = 0;
    synchronized (this) {
      asked -= arrivedMessages;
      held -= freedEvents;
      while (held + (asked + 1) * maxBatch <= window) {
        asked++;
        more++;
      }
    }
    if (more > 0) {
      call.request(more);
    }
  }
}
