package dev.caplab.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges per-node event streams into one order consistent with causality. Not thread-safe: the
 * owner serializes calls; time is passed in (nanoseconds), so tests drive it without sleeping.
 *
 * <p>Each node's events stay in arrival order. Among the nodes' oldest pending events, the one with
 * the smallest (Lamport clock, node, seq) goes first, but only when it is safe: a RECEIVED waits
 * for its SENT (paired by peer and cause seq) unless that SENT was lost in a gap, its node's stream
 * was lost, or {@code pairWait} passed; and an event waits up to {@code hold} for connected nodes
 * whose latest clock is still below its own, since they may yet report something earlier.
 */
final class EventMerger {

  /** An event waiting in the merger; source is the owner's handle (e.g. the call it came on). */
  record Pending(NodeEvent event, long arrivalNanos, boolean firstOfIncarnation, Object source) {}

  private static final Comparator<NodeEvent> ORDER =
      Comparator.comparingLong(NodeEvent::lamport)
          .thenComparing(NodeEvent::node)
          .thenComparingLong(NodeEvent::seq);
  private static final int MAX_GAPS = 16;

  private final long holdNanos;
  private final long pairWaitNanos;
  private final Map<String, NodeQueue> nodes = new HashMap<>();
  private int pending;

  private static final class NodeQueue {
    final ArrayDeque<Pending> queue = new ArrayDeque<>();
    final ArrayDeque<long[]> gaps = new ArrayDeque<>(); // seq ranges that will never arrive
    long lastLamport;
    long deliveredSeq;
    boolean connected;
    boolean everConnected;
  }

  EventMerger(Collection<String> nodeIds, long holdNanos, long pairWaitNanos) {
    this.holdNanos = holdNanos;
    this.pairWaitNanos = pairWaitNanos;
    for (String id : nodeIds) {
      nodes.put(id, new NodeQueue());
    }
  }

  void connected(String node, boolean connected) {
    NodeQueue q = queue(node);
    q.connected = connected;
    q.everConnected |= connected;
  }

  /** The node's events seq fromSeq..toSeq will never come (they fell out of its buffer). */
  void gap(String node, long fromSeq, long toSeq) {
    NodeQueue q = queue(node);
    if (q.gaps.size() == MAX_GAPS) {
      q.gaps.removeFirst();
    }
    q.gaps.addLast(new long[] {fromSeq, toSeq});
  }

  /** Appends an event of its node; firstOfIncarnation marks the first after the node restarted. */
  void add(NodeEvent event, long nowNanos, boolean firstOfIncarnation, Object source) {
    NodeQueue q = queue(event.node());
    q.queue.addLast(new Pending(event, nowNanos, firstOfIncarnation, source));
    q.lastLamport = event.lamport();
    pending++;
  }

  int pending() {
    return pending;
  }

  /** Takes every event that may go now, in merged order. */
  List<Pending> drain(long nowNanos) {
    List<Pending> out = new ArrayList<>();
    while (true) {
      NodeQueue next = pick(nowNanos);
      if (next == null) {
        return out;
      }
      Pending p = next.queue.removeFirst();
      pending--;
      if (p.firstOfIncarnation()) {
        next.deliveredSeq = 0;
        next.gaps.clear();
      }
      next.deliveredSeq = Math.max(next.deliveredSeq, p.event().seq());
      out.add(p);
    }
  }

  /** The queue whose head goes next, or null when nothing may go yet. */
  private NodeQueue pick(long now) {
    NodeQueue min = null;
    for (NodeQueue q : nodes.values()) {
      if (!q.queue.isEmpty()
          && (min == null
              || ORDER.compare(q.queue.peekFirst().event(), min.queue.peekFirst().event()) < 0)) {
        min = q;
      }
    }
    if (min == null) {
      return null;
    }
    // A causal dependency beats clock order: if the head's SENT is queued at its sender, that queue
    // goes
    // first (a bounded walk, in case clocks or pairs are inconsistent).
    NodeQueue candidate = min;
    for (int hops = 0; hops < nodes.size(); hops++) {
      NodeQueue sender = pendingSender(candidate.queue.peekFirst().event());
      if (sender == null) {
        break;
      }
      candidate = sender;
    }
    Pending head = candidate.queue.peekFirst();
    long waited = now - head.arrivalNanos();
    if (waitsForSend(head.event()) && waited < pairWaitNanos) {
      return null;
    }
    if (waited < holdNanos && mayStillPrecede(candidate, head.event())) {
      return null;
    }
    return candidate;
  }

  /** The sender's queue when it holds (undelivered) the SENT that event answers. */
  private NodeQueue pendingSender(NodeEvent event) {
    NodeQueue sender = sendOf(event);
    if (sender == null || sender.queue.isEmpty() || sender.deliveredSeq >= event.causeSeq()) {
      return null;
    }
    return sender.queue.peekFirst().event().seq() <= event.causeSeq() ? sender : null;
  }

  /**
   * A RECEIVED whose SENT may still come: from a connected sender, or one not connected yet (the
   * observer is starting); not from a sender whose stream was lost (it crashed: its unsent events
   * are gone).
   */
  private boolean waitsForSend(NodeEvent event) {
    NodeQueue sender = sendOf(event);
    boolean lost = sender != null && !sender.connected && sender.everConnected;
    if (sender == null || lost || sender.deliveredSeq >= event.causeSeq()) {
      return false;
    }
    for (long[] gap : sender.gaps) {
      if (event.causeSeq() >= gap[0] && event.causeSeq() <= gap[1]) {
        return false;
      }
    }
    return true;
  }

  private NodeQueue sendOf(NodeEvent event) {
    if (!"RECEIVED".equals(event.type()) || event.causeSeq() <= 0) {
      return null;
    }
    return nodes.get(event.peer());
  }

  /** Another connected node, with nothing pending, has not yet reached this event's clock. */
  private boolean mayStillPrecede(NodeQueue owner, NodeEvent event) {
    for (NodeQueue q : nodes.values()) {
      if (q != owner && q.connected && q.queue.isEmpty() && q.lastLamport < event.lamport()) {
        return true;
      }
    }
    return false;
  }

  private NodeQueue queue(String node) {
    return nodes.computeIfAbsent(node, id -> new NodeQueue());
  }
}
