package dev.caplab.ui;

import dev.caplab.client.NodeEvent;

/** Builds the events a node would report, for view-model tests that feed the listener directly. */
final class Ev {

  private static long lamport;

  private Ev() {}

  static NodeEvent sent(String node, long seq, String to, String label, String key) {
    return event(node, seq, "SENT", label, to, key, 0, 0, "", 0);
  }

  static NodeEvent received(
      String node, long seq, String from, long causeSeq, String label, String key) {
    return event(node, seq, "RECEIVED", label, from, key, 0, 0, "", causeSeq);
  }

  static NodeEvent state(String node, long seq, String state, String txId) {
    return new NodeEvent(
        node,
        seq,
        ++lamport,
        System.currentTimeMillis(),
        "STATE",
        state,
        "",
        "k",
        txId,
        "",
        0,
        0,
        0,
        "",
        0);
  }

  static NodeEvent quorum(String node, long seq, String op, int votes, int needed) {
    return event(node, seq, "QUORUM", op, "", "k", votes, needed, "", 0);
  }

  static NodeEvent status(String node, long seq, String status) {
    return event(node, seq, "NODE_STATUS", status, "", "", 0, 0, "", 0);
  }

  static NodeEvent event(
      String node,
      long seq,
      String type,
      String label,
      String peer,
      String key,
      int votes,
      int needed,
      String detail,
      long causeSeq) {
    return new NodeEvent(
        node,
        seq,
        ++lamport,
        System.currentTimeMillis(),
        type,
        label,
        peer,
        key,
        "",
        "",
        votes,
        needed,
        0,
        detail,
        causeSeq);
  }
}
