package dev.caplab.ui;

/**
 * The outcome of one put or get as the console shows it. {@code status} is "OK", "NOT_FOUND" or a
 * gRPC status code name; {@code detail} carries the server's message on failure.
 */
record OpResult(String node, boolean ok, String value, String status, String detail, long micros) {

  static OpResult ok(String node, String value, long micros) {
    return new OpResult(node, true, value, "OK", "", micros);
  }

  static OpResult notFound(String node, long micros) {
    return new OpResult(node, true, null, "NOT_FOUND", "", micros);
  }

  static OpResult failed(String node, String status, String detail, long micros) {
    return new OpResult(node, false, null, status, detail == null ? "" : detail, micros);
  }
}
