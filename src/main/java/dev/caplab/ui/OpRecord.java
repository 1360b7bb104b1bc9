package dev.caplab.ui;

import java.util.Locale;

/** One put or get of the session, as the console's result line and history show it. */
record OpRecord(String op, String key, String value, OpResult result) {

  boolean ok() {
    return result.ok();
  }

  /** "→ v", "→ not found", "stored" or the error status with its message. */
  String outcome() {
    if (!result.ok()) {
      return result.status() + (result.detail().isBlank() ? "" : ": " + result.detail());
    }
    if (op.equals("get")) {
      return "NOT_FOUND".equals(result.status()) ? "→ not found" : "→ " + result.value();
    }
    return "stored";
  }

  String latency() {
    return String.format(Locale.ROOT, "%.1f ms", result.micros() / 1000.0);
  }

  /** The whole result in one line, e.g. "put k = v · stored · master · 3.1 ms". */
  String summary() {
    String what = op.equals("put") ? "put " + key + " = " + value : "get " + key;
    return what + " · " + outcome() + " · " + result.node() + " · " + latency();
  }
}
