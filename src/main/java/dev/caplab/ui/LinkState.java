package dev.caplab.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * One link's faults as its two ends report them: what a sends to b, and what b sends to a. Each
 * direction is open, cut (the sender drops every message) or delayed.
 */
record LinkState(String a, String b, Way aToB, Way bToA) {

  /**
   * One direction of a link: cut, or delayed by delayMillis (plus up to jitterMillis), or neither.
   */
  record Way(boolean cut, int delayMillis, int jitterMillis) {
    static final Way OPEN = new Way(false, 0, 0);

    boolean open() {
      return !cut && delayMillis == 0 && jitterMillis == 0;
    }
  }

  static LinkState open(String a, String b) {
    return new LinkState(a, b, Way.OPEN, Way.OPEN);
  }

  boolean cutBothWays() {
    return aToB.cut() && bToA.cut();
  }

  boolean open() {
    return aToB.open() && bToA.open();
  }

  /** The direction from sender to receiver (either order of the link's ends). */
  Way from(String sender) {
    return sender.equals(a) ? aToB : bToA;
  }

  /** The link's state in plain words, one line per direction, for its tooltip. */
  String describe() {
    List<String> lines = new ArrayList<>();
    lines.add(a + " → " + b + ": " + words(a, b, aToB));
    lines.add(b + " → " + a + ": " + words(b, a, bToA));
    lines.add(
        open()
            ? "Click the link to cut it (both ways or one way) or to delay its messages."
            : "Click the link to change or heal it. The rules are read from the nodes themselves, once a second;"
                + " a node that restarts forgets its rules.");
    return String.join("\n", lines);
  }

  private static String words(String from, String to, Way way) {
    if (way.cut()) {
      return "cut: "
          + from
          + " drops every message it sends to "
          + to
          + ", so "
          + to
          + " never hears from it.";
    }
    if (way.delayMillis() > 0 || way.jitterMillis() > 0) {
      return "delayed: "
          + from
          + " holds each message for "
          + way.delayMillis()
          + " ms"
          + (way.jitterMillis() > 0 ? " (plus up to " + way.jitterMillis() + " ms at random)" : "")
          + " before sending it to "
          + to
          + ".";
    }
    return "open: messages go through as usual.";
  }
}
