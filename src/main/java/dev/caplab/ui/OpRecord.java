package dev.caplab.ui;

import java.util.Locale;

/** One put or get of the session, as the console's result line and history show it. */
record OpRecord(String op, String key, String value, OpResult result) {

  boolean ok() {
    return result.ok();
  }

  /** The value read, "not found", "stored" or the error status with its message. */
  String outcome() {
    if (!result.ok()) {
      return result.status() + (result.detail().isBlank() ? "" : ": " + result.detail());
    }
    if (op.equals("get")) {
      return found() ? result.value() : "not found";
    }
    return "stored";
  }

  private boolean found() {
    return result.ok() && !"NOT_FOUND".equals(result.status());
  }

  /** "3.1 ms", or "1.51 s" from a second on (it fits the history's column either way). */
  String latency() {
    return result.micros() < 999_950 ? String.format(Locale.ROOT, "%.1f ms", result.micros() / 1000.0)
        : String.format(Locale.ROOT, "%.2f s", result.micros() / 1e6);
  }

  /** The whole result in one line: "get x = 1 · from node_1 · 3.1 ms", "put x = 1 · stored at master · 3.1 ms". */
  String summary() {
    if (op.equals("get")) {
      String what = found() ? "get " + key + " = " + result.value() : "get " + key + " · " + outcome();
      return what + " · from " + result.node() + " · " + latency();
    }
    String outcome = result.ok() ? "stored at " + result.node() : outcome() + " · at " + result.node();
    return "put " + key + " = " + value + " · " + outcome + " · " + latency();
  }
}
