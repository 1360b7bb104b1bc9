package dev.caplab.server;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The node's event history: stamps each protocol event with a sequence number (from 1, no gaps), a
 * Lamport clock and wall time, and keeps the newest ones in a bounded ring for observers.
 * Thread-safe; subscribers are told that new events exist and pull them with {@link #since}, so a
 * slow observer never slows the protocol.
 */
public final class EventLog implements EventSink {

  /** An event as it happened on this node. */
  public record Stamped(
      String node, long seq, long lamport, long wallMillis, ProtocolEvent event) {}

  private final String nodeId;
  private final Clock clock;
  private final Stamped[] ring;
  private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
  private long lastSeq;
  private long lamport;

  public EventLog(String nodeId, int capacity, Clock clock) {
    this.nodeId = nodeId;
    this.clock = clock;
    this.ring = new Stamped[capacity];
  }

  @Override
  public void emit(ProtocolEvent event) {
    record(event, 0);
  }

  /** Records a message leaving this node; the returned stamp travels with the message. */
  public Stamped sent(ProtocolEvent event) {
    return record(event, 0);
  }

  /** Records a message arriving, advancing the clock past the sender's (Lamport's receive rule). */
  public Stamped received(ProtocolEvent event, long senderLamport) {
    return record(event, senderLamport);
  }

  private Stamped record(ProtocolEvent event, long seenLamport) {
    Stamped stamped;
    synchronized (this) {
      lamport = Math.max(lamport, seenLamport) + 1;
      lastSeq++;
      stamped = new Stamped(nodeId, lastSeq, lamport, clock.millis(), event);
      ring[(int) (lastSeq % ring.length)] = stamped;
    }
    for (Runnable subscriber : subscribers) {
      subscriber.run();
    }
    return stamped;
  }

  /** Buffered events with seq >= fromSeq, oldest first, at most max of them. */
  public synchronized List<Stamped> since(long fromSeq, int max) {
    long from = Math.max(fromSeq, firstBufferedSeq());
    long to = Math.min(lastSeq, from + max - 1);
    List<Stamped> result = new ArrayList<>((int) Math.max(0, to - from + 1));
    for (long seq = from; seq <= to; seq++) {
      result.add(ring[(int) (seq % ring.length)]);
    }
    return result;
  }

  /** The oldest sequence number still buffered (lastSeq + 1 when empty). */
  public synchronized long firstBufferedSeq() {
    return Math.max(1, lastSeq - ring.length + 1);
  }

  public synchronized long lastSeq() {
    return lastSeq;
  }

  public synchronized long lamport() {
    return lamport;
  }

  /**
   * The callback runs on the emitting thread after each event; it must be quick and must not block.
   */
  public Runnable subscribe(Runnable onNewEvents) {
    subscribers.add(onNewEvents);
    return () -> subscribers.remove(onNewEvents);
  }

  /** A message event for the given message fields. */
  static ProtocolEvent messageEvent(
      EventType type,
      String label,
      String peer,
      String key,
      String txId,
      String version,
      String detail,
      long causeSeq) {
    return new ProtocolEvent(type, label, peer, key, txId, version, 0, 0, 0, detail, causeSeq);
  }
}
