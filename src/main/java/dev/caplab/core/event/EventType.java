package dev.caplab.core.event;

/** What a {@link ProtocolEvent} records. */
public enum EventType {
  /** A protocol message left this node ({@code label} = message type, {@code peer} = receiver). */
  SENT,
  /**
   * A protocol message reached this node ({@code peer} = sender, {@code causeSeq} = the sender's
   * SENT event).
   */
  RECEIVED,
  /** A 2PC coordinator or participant changed state ({@code label} = new state). */
  STATE,
  /** A quorum coordinator counted votes ({@code votes} of {@code needed}). */
  QUORUM,
  /** A client request arrived ({@code label} = put/get). */
  CLIENT_REQUEST,
  /** A client request was answered ({@code label} = put/get, {@code detail} = outcome). */
  CLIENT_REPLY,
  /**
   * The node as a whole changed status ({@code label}: starting, recovering, serving, slowed,
   * excluded, in-doubt).
   */
  NODE_STATUS,
  /**
   * Hold mode parked an outgoing message ({@code label} = message type, {@code peer} = receiver,
   * {@code detail} = "id=N").
   */
  HELD,
  /**
   * A held message left the queue ({@code detail} = "released id=N" or "dropped id=N"); a SENT
   * follows a release.
   */
  RELEASED
}
