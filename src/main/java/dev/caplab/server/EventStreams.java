package dev.caplab.server;

import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.proto.observe.Event;

/** Converts the node's stamped events to their wire form. Stateless. */
final class EventStreams {

  private EventStreams() {}

  static Event toProto(EventLog.Stamped stamped, long incarnation) {
    ProtocolEvent e = stamped.event();
    return Event.newBuilder()
        .setNode(stamped.node())
        .setSeq(stamped.seq())
        .setLamport(stamped.lamport())
        .setWallMillis(stamped.wallMillis())
        .setType(e.type().name())
        .setLabel(e.label())
        .setPeer(e.peer())
        .setKey(e.key())
        .setTxId(e.txId())
        .setVersion(e.version())
        .setVotes(e.votes())
        .setNeeded(e.needed())
        .setMicros(e.micros())
        .setDetail(e.detail())
        .setCauseSeq(e.causeSeq())
        .setIncarnation(incarnation)
        .build();
  }

  /** Events fromSeq..toSeq were overwritten in the ring before this subscriber read them. */
  static Event gap(String node, long incarnation, long fromSeq, long toSeq, long wallMillis) {
    return Event.newBuilder()
        .setNode(node)
        .setSeq(fromSeq)
        .setGapToSeq(toSeq)
        .setType("GAP")
        .setWallMillis(wallMillis)
        .setDetail("events " + fromSeq + ".." + toSeq + " fell out of the node's buffer")
        .setIncarnation(incarnation)
        .build();
  }
}
