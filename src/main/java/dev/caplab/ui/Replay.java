package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A saved trace played back at the pace it was recorded (idle stretches over a second shortened to
 * one second), scaled by the animation speed. All methods run on the FX thread.
 */
final class Replay {

  static final double MAX_GAP_MILLIS = 1000;

  private final List<NodeEvent> events;
  private final double[] at;
  private int next;
  private double clock;

  Replay(List<NodeEvent> events) {
    this.events = List.copyOf(events);
    this.at = new double[events.size()];
    long latest = events.isEmpty() ? 0 : events.get(0).wallMillis();
    double t = 0;
    for (int i = 0; i < events.size(); i++) {
      long wall = events.get(i).wallMillis();
      t +=
          Math.min(
              MAX_GAP_MILLIS,
              Math.max(0, wall - latest)); // node clocks differ a little: never backwards
      latest = Math.max(latest, wall);
      at[i] = t;
    }
  }

  int size() {
    return events.size();
  }

  int played() {
    return next;
  }

  boolean done() {
    return next >= events.size();
  }

  /** The events due after this much more replay time (ms), in their order. */
  List<NodeEvent> advance(double millis) {
    clock += millis;
    List<NodeEvent> due = new ArrayList<>();
    while (next < events.size() && at[next] <= clock) {
      due.add(events.get(next++));
    }
    return due;
  }
}
