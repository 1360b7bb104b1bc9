package dev.caplab.ui;

import java.util.Locale;

/**
 * One put or get of the session, as the console's result line and history show it. {@code ref} names it in the
 * lab's history ("process@invokeMicros", see {@link OpLog}), empty when it is not recorded there.
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

  /** "→ v", "→ not found", "stored", "pending…" or the error status with its message. */
  String outcome() {
    if (pending()) {
      return "pending…";
    }
    if (!result.ok()) {
      return result.status() + (result.detail().isBlank() ? "" : ": " + result.detail());
    }
    if (op.equals("get")) {
      return "NOT_FOUND".equals(result.status()) ? "→ not found" : "→ " + result.value();
    }
    return "stored";
  }

  String latency() {
    return pending() ? "…" : String.format(Locale.ROOT, "%.1f ms", result.micros() / 1000.0);
  }

  /** The whole result in one line, e.g. "put k = v · stored · master · 3.1 ms". */
  String summary() {
    String what = op.equals("put") ? "put " + key + " = " + value : "get " + key;
    return what + " · " + outcome() + " · " + result.node() + " · " + latency();
  }
}
