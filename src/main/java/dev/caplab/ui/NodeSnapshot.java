package dev.caplab.ui;

import java.util.List;

/** A node's own description of itself at one moment (the observation service's inspect answer). */
record NodeSnapshot(
    String node,
    String status,
    int keyCount,
    List<Entry> entries,
    List<Transaction> transactions,
    List<String> logTail,
    long slowMillis) {

  NodeSnapshot {
    entries = List.copyOf(entries);
    transactions = List.copyOf(transactions);
    logTail = List.copyOf(logTail);
  }

  record Entry(String key, String value, String version) {}

  record Transaction(String txId, String key, String state, String detail) {

    /** A participant that voted yes and does not know the outcome yet: it blocks the key. */
    boolean inDoubt() {
      String s = state.toUpperCase(java.util.Locale.ROOT);
      return s.contains("DOUBT") || s.equals("PREPARED");
    }
  }
}
