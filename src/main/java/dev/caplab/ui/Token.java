package dev.caplab.ui;

import java.util.List;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One protocol message drawn as a token travelling from its sender to its receiver: created from a
 * SENT event, matched with the receiver's RECEIVED event. Mutated only by {@link MessageFlow} on
 * the FX thread; views read it each frame.
 */
final class Token {

  enum Phase {
    /** Not drawn yet: waiting in the queue for its causes to arrive. */
    QUEUED,
    /** On its way along the link. */
    FLYING,
    /**
     * At the receiver, which has not reported receiving it yet (slow, dead or partitioned). Waits
     * {@link MessageFlow#LOST_AFTER_MILLIS} of real time at most, whatever the animation speed: a
     * token parks on a link for longer only if step mode holds it.
     */
    WAITING,
    /** Received; gone from the screen. */
    DELIVERED,
    /** Never received: shown briefly as lost, then gone. */
    LOST,
    /** Counted in a link badge instead of being drawn. */
    AGGREGATED,
    /** Background traffic the user chose not to see. */
    HIDDEN
  }

  private final String from;
  private final String to;
  private final String label;
  private final String text;
  private final MessageKind kind;
  private final String key;
  private final List<Token> causes;
  private final double queuedAt;
  private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.QUEUED);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
  private boolean received;
  private boolean dropped;
  private double waitedMillis;

  /** {@code queuedAt}: the animation time (ms) at which the message was sent. */
  Token(
      String from,
      String to,
      String label,
      String text,
      String key,
      List<Token> causes,
      double queuedAt) {
    this.from = from;
    this.to = to;
    this.label = label;
    this.text = text;
    this.kind = MessageKind.of(label);
    this.key = key;
    this.causes = List.copyOf(causes);
    this.queuedAt = queuedAt;
  }

  double queuedAt() {
    return queuedAt;
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
    return phase.get();
  }

  ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  /** 0 at the sender, 1 at the receiver. */
  double progress() {
    return progress.get();
  }

  ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  boolean received() {
    return received;
  }

  /** Gone from the screen (or never drawn), so it no longer holds back what it caused. */
  boolean done() {
    Phase p = phase.get();
    return p == Phase.DELIVERED || p == Phase.LOST || p == Phase.AGGREGATED || p == Phase.HIDDEN;
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

  /** A fault rule dropped the message as it left: it is drawn halfway, then lost. */
  void markDropped() {
    dropped = true;
  }

  void aggregate() {
    phase.set(Phase.AGGREGATED);
  }

  void hide() {
    phase.set(Phase.HIDDEN);
  }

  void launch() {
    phase.set(Phase.FLYING);
  }

  /**
   * Moves the token on by a share of its trip; {@code elapsedMillis} is real time (0 while paused),
   * which bounds how long it waits at the receiver and shows as lost. Returns true when it left the
   * screen during this step.
   */
  boolean advance(double share, double elapsedMillis, double lostAfterMillis) {
    switch (phase.get()) {
      case FLYING -> {
        progress.set(Math.min(dropped ? 0.5 : 1, progress.get() + share));
        if (dropped && progress.get() >= 0.5) {
          phase.set(Phase.LOST);
        } else if (progress.get() >= 1) {
          phase.set(received ? Phase.DELIVERED : Phase.WAITING);
        }
      }
      case WAITING -> {
        waitedMillis += elapsedMillis;
        if (received) {
          phase.set(Phase.DELIVERED);
        } else if (waitedMillis >= lostAfterMillis) {
          phase.set(Phase.LOST);
          waitedMillis = 0;
        }
      }
      case LOST -> waitedMillis += elapsedMillis;
      default -> {}
    }
    Phase p = phase.get();
    return p == Phase.DELIVERED || (p == Phase.LOST && waitedMillis >= LOST_SHOWN_MILLIS);
  }

  static final double LOST_SHOWN_MILLIS = 800;
}
