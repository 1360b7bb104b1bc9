package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The recent events laid out by Lamport time, one lane per node, with an arrow for every matched message: the
 * time-space diagram's data. Bounded. All methods run on the FX thread.
 */
final class TimelineViewModel {

  static final int CAPACITY = 800;

  /** A dot on a lane. */
  record Mark(String node, long lamport, String type, String label, String key, long wallMillis) {}

  /** A message from one lane to another. */
  record Arrow(String from, long sentLamport, String to, long receivedLamport, String label, MessageKind kind) {}

  private record Sent(String node, long seq) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private final ArrayDeque<Arrow> arrows = new ArrayDeque<>();
  private final Map<Sent, NodeEvent> unmatched = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Sent, NodeEvent> eldest) {
      return size() > CAPACITY;
    }
  };
  private final BooleanProperty follow = new SimpleBooleanProperty(true);
  private final BooleanProperty showBackground = new SimpleBooleanProperty();
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();
  private List<String> lanes = List.of();
  private boolean dirty;
  private Set<Mark> highlighted = Set.of();

  List<String> lanes() {
    return lanes;
  }

  /** Oldest first. */
  List<Mark> marks() {
    return List.copyOf(marks);
  }

  List<Arrow> arrows() {
    return List.copyOf(arrows);
  }

  /** Steps once per frame in which the content changed, so a view redraws at most once per frame. */
  ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  /** Whether the diagram keeps the newest events in view; off while the user scrolls back or pauses. */
  BooleanProperty followProperty() {
    return follow;
  }

  /** Whether lease, probe and anti-entropy messages are drawn; applies to events from now on. */
  BooleanProperty showBackgroundProperty() {
    return showBackground;
  }

  /** Whether the mark is a client request or reply of an operation the verdict is about. */
  boolean highlighted(Mark m) {
    return highlighted.contains(m);
  }

  // Commands

  /**
   * Marks the client requests and replies of these operations (node, key, put/get, within their wall-clock span)
   * among the events shown; an empty list clears the marking.
   */
  void highlight(List<OpLog.Where> ops) {
    Set<Mark> found = new HashSet<>();
    for (Mark m : marks) {
      if (!m.type().startsWith("CLIENT_")) {
        continue;
      }
      for (OpLog.Where w : ops) {
        if (w.node().equals(m.node()) && w.key().equals(m.key()) && w.op().equals(m.label())
            && m.wallMillis() >= w.invokeWallMillis() - 5 && m.wallMillis() <= w.completeWallMillis() + 5) {
          found.add(m);
        }
      }
    }
    highlighted = Set.copyOf(found);
    version.set(version.get() + 1);
  }

  void reset(List<String> nodeIds) {
    lanes = List.copyOf(nodeIds);
    marks.clear();
    arrows.clear();
    highlighted = Set.of();
    unmatched.clear();
    version.set(version.get() + 1);
  }

  void add(List<NodeEvent> batch) {
    for (NodeEvent e : batch) {
      if (!lanes.contains(e.node()) || (!showBackground.get() && EventLogViewModel.isBackground(e))) {
        continue;
      }
      marks.add(new Mark(e.node(), e.lamport(), e.type(), e.label(), e.key(), e.wallMillis()));
      if (marks.size() > CAPACITY) {
        marks.poll();
      }
      if (e.type().equals("SENT")) {
        unmatched.put(new Sent(e.node(), e.seq()), e);
      } else if (e.type().equals("RECEIVED")) {
        NodeEvent sent = unmatched.remove(new Sent(e.peer(), e.causeSeq()));
        if (sent != null) {
          arrows.add(new Arrow(sent.node(), sent.lamport(), e.node(), e.lamport(), sent.label(),
              MessageKind.of(sent.label())));
          if (arrows.size() > CAPACITY) {
            arrows.poll();
          }
        }
      }
    }
    dirty |= !batch.isEmpty();
  }

  /** Announces the changes since the last call in one version step (once per frame at most). */
  void flush() {
    if (dirty) {
      dirty = false;
      version.set(version.get() + 1);
    }
  }
}
