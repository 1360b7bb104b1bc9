package dev.caplab.ui;

import java.util.Locale;

/**
 * One put or get of the session, as the console's result line and history show it. {@code ref}
 * names it in the lab's history ("process@invokeMicros", see {@link OpLog}), empty when it is not
 * recorded there.
 */
record OpRecord(String op, String key, String value, OpResult result, String ref) {

  static final String PENDING = "PENDING";

  OpRecord(String op, String key, String value, OpResult result) {
    this(op, key, value, result, "");
  }

  /** An operation sent and not answered yet (in step mode its messages may be held). */
  static OpRecord pending(String op, String key, String value, String node, String ref) {
    return new OpRecord(op, key, value, new OpResult(node, true, null, PENDING, "", 0), ref);
  }

  boolean pending() {
    return PENDING.equals(result.status());
  }

  boolean ok() {
    return result.ok();
  }

  /** The value read, "not found", "stored", "pending…" or the error status with its message. */
  String outcome() {
    if (pending()) {
      return "pending…";
    }
    if (!result.ok()) {
      return result.status() + (result.detail().isBlank() ? "" : ": " + result.detail());
    }
    if (op.equals("get")) {
      return found() ? result.value() : "not found";
    }
    return "stored";
  }

  private boolean found() {
    return result.ok() && !pending() && !"NOT_FOUND".equals(result.status());
  }

  /**
   * "3.1 ms", or "1.51 s" from a second on (it fits the history's column either way); "…" while
   * pending.
   */
  String latency() {
    if (pending()) {
      return "…";
    }
    return result.micros() < 999_950
        ? String.format(Locale.ROOT, "%.1f ms", result.micros() / 1000.0)
        : String.format(Locale.ROOT, "%.2f s", result.micros() / 1e6);
  }

  /**
   * The whole result in one line: "get x = 1 · from node_1 · 3.1 ms", "put x = 1 · stored at master
   * · 3.1 ms".
   */
  String summary() {
    if (pending()) {
      return op
          + " "
          + key
          + (op.equals("put") ? " = " + value : "")
          + " · pending… · at "
          + result.node();
    }
    if (op.equals("get")) {
      String what =
          found() ? "get " + key + " = " + result.value() : "get " + key + " · " + outcome();
      return what + " · from " + result.node() + " · " + latency();
    }
    String outcome =
        result.ok() ? "stored at " + result.node() : outcome() + " · at " + result.node();
    return "put " + key + " = " + value + " · " + outcome + " · " + latency();
  }
}
