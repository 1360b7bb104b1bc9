package dev.caplab.ui;

import java.util.List;

/**
 * One protocol message drawn as a token travelling from its sender to its receiver: created from a SENT event,
 * matched with the receiver's RECEIVED event. Mutated only by {@link MessageFlow} on the FX thread; views read it
 * each frame.
 */
final class Token {

  enum Phase {
    /** Not drawn yet: waiting in the queue for its causes to arrive. */
    QUEUED,
    /** On its way along the link. */
    FLYING,
    /** At the receiver, which has not reported receiving it yet (slow, dead or partitioned). */
    WAITING,
    /** Received; gone from the screen. */
    DELIVERED,
    /** Never received: shown briefly as lost, then gone. */
    LOST,
    /** Counted in a link badge instead of being drawn. */
    AGGREGATED
  }

  private final String from;
  private final String to;
  private final String label;
  private final String text;
  private final MessageKind kind;
  private final String key;
  private final List<Token> causes;
  private Phase phase = Phase.QUEUED;
  private boolean received;
  private double progress;
  private double waitedMillis;

  Token(String from, String to, String label, String text, String key, List<Token> causes) {
    this.from = from;
    this.to = to;
    this.label = label;
    this.text = text;
    this.kind = MessageKind.of(label);
    this.key = key;
    this.causes = List.copyOf(causes);
  }

  String from() {
    return from;
  }

  String to() {
    return to;
  }

  /** The message type as the protocol names it (prepare, vote-grant...). */
  String label() {
    return label;
  }

  /** What the token shows (yes, grant ×2...). */
  String text() {
    return text;
  }

  MessageKind kind() {
    return kind;
  }

  String key() {
    return key;
  }

  Phase phase() {
    return phase;
  }

  /** 0 at the sender, 1 at the receiver. */
  double progress() {
    return progress;
  }

  boolean received() {
    return received;
  }

  /** Gone from the screen (or never drawn), so it no longer holds back what it caused. */
  boolean done() {
    return phase == Phase.DELIVERED || phase == Phase.LOST || phase == Phase.AGGREGATED;
  }

  boolean causesDone() {
    for (Token cause : causes) {
      if (!cause.done()) {
        return false;
      }
    }
    return true;
  }

  void markReceived() {
    received = true;
  }

  void aggregate() {
    phase = Phase.AGGREGATED;
  }

  void launch() {
    phase = Phase.FLYING;
  }

  /** Moves the token on by a share of its trip; returns true when it left the screen during this step. */
  boolean advance(double share, double elapsedMillis, double lostAfterMillis) {
    switch (phase) {
      case FLYING -> {
        progress = Math.min(1, progress + share);
        if (progress >= 1) {
          phase = received ? Phase.DELIVERED : Phase.WAITING;
        }
      }
      case WAITING -> {
        waitedMillis += elapsedMillis;
        if (received) {
          phase = Phase.DELIVERED;
        } else if (waitedMillis >= lostAfterMillis) {
          phase = Phase.LOST;
          waitedMillis = 0;
        }
      }
      case LOST -> waitedMillis += elapsedMillis;
      default -> { }
    }
    return phase == Phase.DELIVERED || (phase == Phase.LOST && waitedMillis >= LOST_SHOWN_MILLIS);
  }

  static final double LOST_SHOWN_MILLIS = 800;
}
