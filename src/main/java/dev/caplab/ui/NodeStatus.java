package dev.caplab.ui;

import java.util.Locale;
import java.util.Optional;

/**
 * What a node card shows as its status, merged from the supervisor's process state and the node's
 * own reports.
 */
enum NodeStatus {
  STOPPED("stopped"),
  STARTING("starting"),
  RECOVERING("recovering"),
  SERVING("serving"),
  IN_DOUBT("in doubt"),
  /** A slave whose read lease ran out: the master is unreachable or slow, so it refuses reads. */
  NO_LEASE("no lease"),
  EXCLUDED("excluded"),
  DOWN("down"),
  FAILED("failed to start");

  private final String text;

  NodeStatus(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  /** CSS class of the status chip, e.g. {@code status-in-doubt}. */
  String styleClass() {
    return "status-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  boolean alive() {
    return this != STOPPED && this != DOWN && this != FAILED;
  }

  /** A slowDown report: the node's speed, not its protocol status. */
  static boolean isSlowed(String label) {
    String l = label.toLowerCase(Locale.ROOT);
    return l.equals("slowed") || l.equals("slow");
  }

  /**
   * The report a restore() makes ("serving", "restored"): back to full speed, whatever the protocol
   * status.
   */
  static boolean isRestored(String label, String detail) {
    return label.equalsIgnoreCase("serving") && "restored".equals(detail);
  }

  /**
   * The status a node names in a NODE_STATUS event (serving, recovering, slowed, excluded,
   * in-doubt...).
   */
  static Optional<NodeStatus> reported(String label) {
    return switch (label.toLowerCase(Locale.ROOT).replace('_', '-')) {
      case "starting" -> Optional.of(STARTING);
      case "recovering", "catching-up" -> Optional.of(RECOVERING);
      case "serving", "restored", "up", "anti-entropy" -> Optional.of(SERVING);
      case "no-lease" -> Optional.of(NO_LEASE);
      case "in-doubt" -> Optional.of(IN_DOUBT);
      case "excluded" -> Optional.of(EXCLUDED);
      default -> Optional.empty();
    };
  }
}
