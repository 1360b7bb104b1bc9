package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The recent events laid out by Lamport time, one lane per node, with an arrow for every matched
 * message: the time-space diagram's data, its zoom and scroll position, and where each message's
 * label goes. Bounded. All methods run on the FX thread.
 */
final class TimelineViewModel {

  static final int CAPACITY = 4000;
  static final double MIN_ZOOM = 4;
  static final double MAX_ZOOM = 160;
  static final double DEFAULT_ZOOM = 36;

  /** Left of this x: the lane names. */
  static final double LANE_LEFT = 90;

  static final double LABEL_HEIGHT = 13;

  /** A dot on a lane: one event. */
  record Mark(NodeEvent event) {
    String node() {
      return event.node();
    }

    long lamport() {
      return event.lamport();
    }

    String type() {
      return event.type();
    }

    String label() {
      return event.label();
    }

    String key() {
      return event.key();
    }

    long wallMillis() {
      return event.wallMillis();
    }
  }

  /** A message from one lane to another: its send and its receipt. */
  record Arrow(NodeEvent sent, NodeEvent received) {
    String from() {
      return sent.node();
    }

    String to() {
      return received.node();
    }

    long sentLamport() {
      return sent.lamport();
    }

    long receivedLamport() {
      return received.lamport();
    }

    String label() {
      return sent.label();
    }

    MessageKind kind() {
      return MessageKind.of(sent.label());
    }

    /** What the diagram writes on the arrow: the message type and, when there is one, its key. */
    String text() {
      return sent.key().isEmpty() ? sent.label() : sent.label() + " " + sent.key();
    }
  }

  /** Where a mark is drawn. */
  record PlacedMark(Mark mark, double x, double y) {}

  /**
   * Where an arrow is drawn, and its label: text as shown (maybe cut short), centred at (labelX,
   * labelY).
   */
  record PlacedArrow(
      Arrow arrow,
      double x1,
      double y1,
      double x2,
      double y2,
      String label,
      double labelX,
      double labelY,
      double labelWidth) {
    boolean labelled() {
      return !label.isEmpty();
    }
  }

  /** Everything the view draws for one size, zoom and scroll position. */
  record Layout(
      Map<String, Double> laneY,
      List<PlacedMark> marks,
      List<PlacedArrow> arrows,
      int hiddenLabels,
      int ranks,
      double firstRank,
      double visibleRanks) {}

  /**
   * How wide a label is drawn, in pixels; the view measures with its font, tests count characters.
   */
  @FunctionalInterface
  interface TextWidth {
    double of(String text);
  }

  private record Sent(String node, long seq) {}

  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private final ArrayDeque<Arrow> arrows = new ArrayDeque<>();
  private final Map<Sent, NodeEvent> unmatched =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sent, NodeEvent> eldest) {
          return size() > CAPACITY;
        }
      };
  private final BooleanProperty follow = new SimpleBooleanProperty(true);
  private final BooleanProperty showBackground = new SimpleBooleanProperty();
  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();
  private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(DEFAULT_ZOOM);
  private final ReadOnlyObjectWrapper<Object> selected = new ReadOnlyObjectWrapper<>();
  private List<String> lanes = List.of();
  private boolean dirty;
  private Set<Mark> highlighted = Set.of();

  /** The first Lamport rank shown at the left edge, when not following. */
  private double firstRank;

  private long[] times;

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

  /**
   * Steps once per frame in which the content changed, so a view redraws at most once per frame.
   */
  ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  /** Whether the diagram keeps the newest events in view; off while the user scrolls back. */
  BooleanProperty followProperty() {
    return follow;
  }

  /** Whether lease, probe and anti-entropy messages are drawn; applies to events from now on. */
  BooleanProperty showBackgroundProperty() {
    return showBackground;
  }

  /** Pixels between two consecutive Lamport times. */
  ReadOnlyDoubleProperty zoomProperty() {
    return zoom.getReadOnlyProperty();
  }

  /** The event ({@link Mark}) or message ({@link Arrow}) clicked last, or null. */
  ReadOnlyObjectProperty<Object> selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  /** Whether the mark is a client request or reply of an operation the verdict is about. */
  boolean highlighted(Mark m) {
    return highlighted.contains(m);
  }

  /**
   * Distinct Lamport times of the marks shown, ascending: x is a time's rank, so idle stretches
   * vanish.
   */
  long[] times() {
    if (times == null) {
      times = marks.stream().mapToLong(Mark::lamport).distinct().sorted().toArray();
    }
    return times;
  }

  // Commands

  /** Zooms by a factor (above 1: in) keeping the time under x where it is. */
  void zoomBy(double factor, double x, double width) {
    double rankAtX = rankAt(x, width);
    double next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom.get() * factor));
    if (next == zoom.get()) {
      return;
    }
    zoom.set(next);
    if (!follow.get()) {
      firstRank = rankAtX - (x - LANE_LEFT - 10) / next;
      clampScroll(width);
    }
    version.set(version.get() + 1);
  }

  /** Moves the view by pixels (a drag to the right goes back in time) and stops following. */
  void scrollBy(double pixels, double width) {
    firstRank = shownFirstRank(width) - pixels / zoom.get();
    follow.set(false);
    clampScroll(width);
    version.set(version.get() + 1);
  }

  /**
   * Shows the given rank at the left edge (the scroll bar) and stops following unless it is the
   * newest.
   */
  void scrollTo(double rank, double width) {
    firstRank = rank;
    clampScroll(width);
    follow.set(firstRank >= maxFirstRank(width));
    version.set(version.get() + 1);
  }

  void select(Object markOrArrow) {
    selected.set(markOrArrow);
    version.set(version.get() + 1);
  }

  /**
   * Marks the client requests and replies of these operations (node, key, put/get, within their
   * wall-clock span) among the events shown; an empty list clears the marking.
   */
  void highlight(List<OpLog.Where> ops) {
    Set<Mark> found = new HashSet<>();
    for (Mark m : marks) {
      if (!m.type().startsWith("CLIENT_")) {
        continue;
      }
      for (OpLog.Where w : ops) {
        if (w.node().equals(m.node())
            && w.key().equals(m.key())
            && w.op().equals(m.label())
            && m.wallMillis() >= w.invokeWallMillis() - 5
            && m.wallMillis() <= w.completeWallMillis() + 5) {
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
    times = null;
    firstRank = 0;
    selected.set(null);
    version.set(version.get() + 1);
  }

  void add(List<NodeEvent> batch) {
    for (NodeEvent e : batch) {
      if (!lanes.contains(e.node())
          || (!showBackground.get() && EventLogViewModel.isBackground(e))) {
        continue;
      }
      marks.add(new Mark(e));
      if (marks.size() > CAPACITY) {
        marks.poll();
      }
      if (e.type().equals("SENT")) {
        unmatched.put(new Sent(e.node(), e.seq()), e);
      } else if (e.type().equals("RECEIVED")) {
        NodeEvent sent = unmatched.remove(new Sent(e.peer(), e.causeSeq()));
        if (sent != null) {
          arrows.add(new Arrow(sent, e));
          if (arrows.size() > CAPACITY) {
            arrows.poll();
          }
        }
      }
      dirty = true;
      times = null;
    }
  }

  /** Announces the changes since the last call in one version step (once per frame at most). */
  void flush() {
    if (dirty) {
      dirty = false;
      times = null;
      version.set(version.get() + 1);
    }
  }

  // Layout

  /**
   * The rank shown at the left edge: the newest page while following, else where the user left it.
   */
  double shownFirstRank(double width) {
    return follow.get() ? maxFirstRank(width) : Math.min(firstRank, maxFirstRank(width));
  }

  /** How many ranks fit in the width. */
  double visibleRanks(double width) {
    return Math.max(1, (width - LANE_LEFT - 30) / zoom.get());
  }

  double maxFirstRank(double width) {
    return Math.max(0, times().length - visibleRanks(width));
  }

  double x(double rank, double first) {
    return LANE_LEFT + 10 + (rank - first) * zoom.get();
  }

  private double rankAt(double x, double width) {
    return shownFirstRank(width) + (x - LANE_LEFT - 10) / zoom.get();
  }

  private void clampScroll(double width) {
    firstRank = Math.max(0, Math.min(firstRank, maxFirstRank(width)));
  }

  /**
   * Places what is in view. Labels go on their arrow, at the middle or, when that spot is taken,
   * further along; a label that fits nowhere whole is cut short with "…", and one that fits nowhere
   * at all is left out (the count is in the layout; zoom in to read it).
   */
  Layout layout(double width, double height, TextWidth measure) {
    long[] t = times();
    double first = shownFirstRank(width);
    double span = visibleRanks(width);
    Map<String, Double> laneY = new LinkedHashMap<>();
    double gap = height / (lanes.size() + 1);
    for (int i = 0; i < lanes.size(); i++) {
      laneY.put(lanes.get(i), gap * (i + 1));
    }
    List<PlacedMark> placedMarks = new ArrayList<>();
    for (Mark m : marks) {
      double r = rank(t, m.lamport());
      Double y = laneY.get(m.node());
      if (y != null && r >= first - 1 && r <= first + span + 1) {
        placedMarks.add(new PlacedMark(m, x(r, first), y));
      }
    }
    List<PlacedArrow> placedArrows = new ArrayList<>();
    List<double[]> taken = new ArrayList<>(); // label boxes: x0, y0, x1, y1
    int hidden = 0;
    for (Arrow a : arrows) {
      double r1 = rank(t, a.sentLamport());
      double r2 = rank(t, a.receivedLamport());
      Double y1 = laneY.get(a.from());
      Double y2 = laneY.get(a.to());
      if (y1 == null || y2 == null || r2 < first - 1 || r1 > first + span + 1) {
        continue;
      }
      double x1 = x(r1, first);
      double x2 = x(r2, first);
      PlacedArrow placed = placeLabel(a, x1, y1, x2, y2, taken, measure, width);
      double middle = (x1 + x2) / 2;
      if (!placed.labelled() && middle >= LANE_LEFT && middle <= width) {
        hidden++; // an arrow cut by the edge is not counted: scrolling shows its label
      }
      placedArrows.add(placed);
    }
    return new Layout(laneY, placedMarks, placedArrows, hidden, t.length, first, span);
  }

  private static final double[] ALONG = {0.5, 0.35, 0.65, 0.22, 0.78};

  private static PlacedArrow placeLabel(
      Arrow a,
      double x1,
      double y1,
      double x2,
      double y2,
      List<double[]> taken,
      TextWidth measure,
      double width) {
    String full = a.text();
    String[] texts = {full, a.label(), shorten(a.label())};
    for (String text : texts) {
      double w = measure.of(text) + 4;
      for (double along : ALONG) {
        double cx = x1 + (x2 - x1) * along;
        double cy = y1 + (y2 - y1) * along;
        double[] box = {cx - w / 2, cy - LABEL_HEIGHT / 2, cx + w / 2, cy + LABEL_HEIGHT / 2};
        if (box[0] >= LANE_LEFT && box[2] <= width && free(box, taken)) {
          taken.add(box);
          return new PlacedArrow(a, x1, y1, x2, y2, text, cx, cy, w);
        }
      }
    }
    return new PlacedArrow(a, x1, y1, x2, y2, "", 0, 0, 0);
  }

  /** "vote-request" → "vote-r…": enough to tell the kinds apart when space is short. */
  static String shorten(String label) {
    return label.length() <= 7 ? label : label.substring(0, 6) + "…";
  }

  private static boolean free(double[] box, List<double[]> taken) {
    for (double[] o : taken) {
      if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) {
        return false;
      }
    }
    return true;
  }

  private static double rank(long[] times, long lamport) {
    int i = Arrays.binarySearch(times, lamport);
    return i >= 0 ? i : -i - 1;
  }

  /**
   * The mark within a few pixels of (x, y), else the arrow whose line or label is there, else null.
   */
  static Object hit(Layout layout, double x, double y) {
    PlacedMark best = null;
    double bestDistance = 8;
    for (PlacedMark m : layout.marks()) {
      double d = Math.hypot(m.x() - x, m.y() - y);
      if (d <= bestDistance) {
        best = m;
        bestDistance = d;
      }
    }
    if (best != null) {
      return best.mark();
    }
    for (PlacedArrow a : layout.arrows()) {
      if (a.labelled()
          && Math.abs(x - a.labelX()) <= a.labelWidth() / 2
          && Math.abs(y - a.labelY()) <= LABEL_HEIGHT / 2) {
        return a.arrow();
      }
    }
    for (PlacedArrow a : layout.arrows()) {
      if (distanceToSegment(x, y, a.x1(), a.y1(), a.x2(), a.y2()) <= 4) {
        return a.arrow();
      }
    }
    return null;
  }

  private static double distanceToSegment(
      double px, double py, double x1, double y1, double x2, double y2) {
    double dx = x2 - x1;
    double dy = y2 - y1;
    double lengthSquared = dx * dx + dy * dy;
    double t =
        lengthSquared == 0
            ? 0
            : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / lengthSquared));
    return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
  }
}
