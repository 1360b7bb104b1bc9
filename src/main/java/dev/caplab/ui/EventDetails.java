package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** An event or a message of the time-space diagram in words, for the line under it. Stateless. */
final class EventDetails {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private EventDetails() {}

  /** A mark's event, an arrow's message, or a hint when nothing is selected. */
  static String of(Object selected) {
    if (selected instanceof TimelineViewModel.Arrow a) {
      return message(a);
    }
    if (selected instanceof TimelineViewModel.Mark m) {
      return event(m.event());
    }
    return "Click an arrow or a dot for its details. Wheel or +/− zooms, drag scrolls back in time.";
  }

  static String message(TimelineViewModel.Arrow a) {
    NodeEvent s = a.sent();
    NodeEvent r = a.received();
    return "Message "
        + s.label()
        + " from "
        + s.node()
        + " to "
        + r.node()
        + about(s)
        + " · sent at "
        + time(s)
        + " (seq "
        + s.seq()
        + ", Lamport "
        + s.lamport()
        + "), received at "
        + time(r)
        + " (seq "
        + r.seq()
        + ", Lamport "
        + r.lamport()
        + "), "
        + Math.max(0, r.wallMillis() - s.wallMillis())
        + " ms later by the two nodes' clocks"
        + (s.detail().isEmpty() ? "" : " · " + s.detail());
  }

  static String event(NodeEvent e) {
    StringBuilder text = new StringBuilder(e.type() + " " + e.label() + " at " + e.node());
    if (!e.peer().isEmpty()) {
      text.append(
              e.type().equals("RECEIVED") ? " from " : e.type().equals("SENT") ? " to " : " about ")
          .append(e.peer());
    }
    text.append(about(e));
    if (e.type().equals("QUORUM")) {
      text.append(" · votes ")
          .append(e.votes())
          .append(" of ")
          .append(e.needed())
          .append(" needed");
    }
    if (e.type().equals("CLIENT_REPLY")) {
      text.append(" · took ").append(String.format("%.1f", e.micros() / 1000.0)).append(" ms");
    }
    text.append(" · ")
        .append(time(e))
        .append(", seq ")
        .append(e.seq())
        .append(", Lamport ")
        .append(e.lamport());
    if (!e.detail().isEmpty()) {
      text.append(" · ").append(e.detail());
    }
    return text.toString();
  }

  private static String about(NodeEvent e) {
    StringBuilder text = new StringBuilder();
    if (!e.key().isEmpty()) {
      text.append(" · key ").append(e.key());
    }
    if (!e.txId().isEmpty()) {
      text.append(" · tx ").append(e.txId());
    }
    if (!e.version().isEmpty()) {
      text.append(" · version ").append(e.version());
    }
    return text.toString();
  }

  private static String time(NodeEvent e) {
    return TIME.format(Instant.ofEpochMilli(e.wallMillis()));
  }
}
