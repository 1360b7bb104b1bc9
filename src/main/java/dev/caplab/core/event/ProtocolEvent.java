package dev.caplab.core.event;

/**
 * A fact of the real protocol, as it happens on one node. The sink stamps node id, sequence number,
 * Lamport clock and wall time; empty strings and zeros mean "not applicable".
 */
public record ProtocolEvent(
    EventType type,
    String label,
    String peer,
    String key,
    String txId,
    String version,
    int votes,
    int needed,
    long micros,
    String detail,
    long causeSeq) {

  public ProtocolEvent {
    label = orEmpty(label);
    peer = orEmpty(peer);
    key = orEmpty(key);
    txId = orEmpty(txId);
    version = orEmpty(version);
    detail = orEmpty(detail);
  }

  /** A 2PC state change of a coordinator or participant. */
  public static ProtocolEvent state(String state, String key, String txId, String detail) {
    return new ProtocolEvent(EventType.STATE, state, "", key, txId, "", 0, 0, 0, detail, 0);
  }

  /** Quorum progress: votes gathered so far of those needed; detail names the voters. */
  public static ProtocolEvent quorum(
      String phase, String key, String version, int votes, int needed, String detail) {
    return new ProtocolEvent(
        EventType.QUORUM, phase, "", key, "", version, votes, needed, 0, detail, 0);
  }

  public static ProtocolEvent nodeStatus(String status, String detail) {
    return new ProtocolEvent(EventType.NODE_STATUS, status, "", "", "", "", 0, 0, 0, detail, 0);
  }

  public static ProtocolEvent clientRequest(String op, String key) {
    return new ProtocolEvent(EventType.CLIENT_REQUEST, op, "", key, "", "", 0, 0, 0, "", 0);
  }

  /** outcome: "ok", "not-found" or an error status with its message. */
  public static ProtocolEvent clientReply(String op, String key, String outcome, long micros) {
    return new ProtocolEvent(EventType.CLIENT_REPLY, op, "", key, "", "", 0, 0, micros, outcome, 0);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
