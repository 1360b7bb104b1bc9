package dev.caplab.core;

/** A request that cannot be served correctly; the adapter maps {@link Reason} to a gRPC status. */
public final class KvException extends RuntimeException {

  /** Why the request failed, in terms a client can act on. */
  public enum Reason {
    /** Bad key or value: fix the request. */
    INVALID_ARGUMENT,
    /**
     * Not enough replicas reachable, node recovering, or not allowed to serve: retry later or
     * elsewhere.
     */
    UNAVAILABLE,
    /** A peer did not answer in time. */
    DEADLINE_EXCEEDED,
    /** Sent to the wrong node, e.g. a put to a slave. */
    FAILED_PRECONDITION,
    /** The write was voted down (2PC abort). */
    ABORTED
  }

  private final Reason reason;

  public KvException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
