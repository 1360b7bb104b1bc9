package dev.caplab.core.net;

/** A peer call that produced no reply. */
public final class PeerException extends RuntimeException {

  /** Why no reply came. */
  public enum Kind {
    UNREACHABLE,
    TIMEOUT,
    DROPPED,
    /** The peer answered with an error instead of a reply. */
    FAILED
  }

  private final Kind kind;
  private final String peer;

  public PeerException(Kind kind, String peer, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.peer = peer;
  }

  public Kind kind() {
    return kind;
  }

  public String peer() {
    return peer;
  }
}
