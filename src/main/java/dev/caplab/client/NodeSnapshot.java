package dev.caplab.client;

import java.util.List;

/**
 * What a node's inspector shows at one moment: the client's view of the wire message. Immutable.
 */
public record NodeSnapshot(
    String node,
    String status,
    int keyCount,
    List<Entry> entries,
    List<Transaction> transactions,
    List<String> logTail,
    long lastSeq,
    int slowSeconds) {

  public NodeSnapshot {
    entries = List.copyOf(entries);
    transactions = List.copyOf(transactions);
    logTail = List.copyOf(logTail);
  }

  /** A stored key; long values are cut short by the node. */
  public record Entry(String key, String value, String version) {}

  /** A protocol transaction, e.g. state PREPARED, COMMITTED, ABORTED, IN_DOUBT. */
  public record Transaction(String txId, String key, String state, String detail) {}
}
