package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Time-space (Lamport) diagram: one lane per node, time to the right, an arrow per message. Follows the newest
 * events unless the user turns "Follow" off or scrolls back.
 */
final class TimelineView extends BorderPane {

  private static final double LANE_LEFT = 90;
  private static final double STEP = 14;
  private static final Map<MessageKind, Color> COLORS = Map.of(
      MessageKind.REQUEST, Color.web("#0969da"), MessageKind.POSITIVE, Color.web("#1a7f37"),
      MessageKind.NEGATIVE, Color.web("#cf222e"), MessageKind.DECISION, Color.web("#8250df"),
      MessageKind.REPAIR, Color.web("#bc4c00"), MessageKind.OTHER, Color.web("#57606a"));

  private final TimelineViewModel timeline;
  private final Canvas canvas = new Canvas();
  private final Pane holder = new Pane(canvas);
  private final ScrollBar scroll = new ScrollBar();
  private final ToggleButton follow = new ToggleButton("Follow");
  private final BooleanProperty active = new SimpleBooleanProperty();

  TimelineView(LabViewModel lab) {
    this.timeline = lab.timeline();
    createView();
    bindModel();
  }

  private void createView() {
    setId("timeline");
    canvas.widthProperty().bind(holder.widthProperty());
    canvas.heightProperty().bind(holder.heightProperty());
    holder.setMinSize(0, 0);
    scroll.setOrientation(Orientation.HORIZONTAL);
    follow.setId("timeline-follow");
    follow.getStyleClass().add(Styles.SMALL);
    Label hint = new Label("left to right: Lamport order · arrows: messages, coloured like the tokens"
        + " · dots: states");
    hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    HBox bar = new HBox(8, follow, hint);
    bar.setAlignment(Pos.CENTER_LEFT);
    setTop(bar);
    setCenter(holder);
    setBottom(scroll);
  }

  /** Whether the diagram is on screen; it draws only then (drawing hidden canvases costs frames). */
  BooleanProperty activeProperty() {
    return active;
  }

  private void bindModel() {
    active.addListener((obs, was, now) -> redraw());
    follow.selectedProperty().bindBidirectional(timeline.followProperty());
    timeline.versionProperty().addListener((obs, was, now) -> redraw());
    canvas.widthProperty().addListener((obs, was, now) -> redraw());
    canvas.heightProperty().addListener((obs, was, now) -> redraw());
    scroll.valueProperty().addListener((obs, was, now) -> {
      if (scroll.isPressed() || scroll.isFocused()) {
        timeline.followProperty().set(false);
      }
      redraw();
    });
    timeline.followProperty().addListener((obs, was, now) -> redraw());
  }

  private void redraw() {
    if (!active.get()) {
      return;
    }
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    List<String> lanes = timeline.lanes();
    List<TimelineViewModel.Mark> marks = timeline.marks();
    if (lanes.isEmpty() || w <= LANE_LEFT || marks.isEmpty()) {
      return;
    }
    // x is the rank of the Lamport time among the events shown: order is kept, idle stretches vanish.
    long[] times = marks.stream().mapToLong(TimelineViewModel.Mark::lamport).distinct().sorted().toArray();
    int span = (int) Math.max(1, (w - LANE_LEFT - 20) / STEP);
    scroll.setMin(0);
    scroll.setMax(Math.max(0, times.length - span));
    scroll.setVisibleAmount(span);
    if (timeline.followProperty().get()) {
      scroll.setValue(scroll.getMax());
    }
    int start = (int) scroll.getValue();
    Map<String, Double> laneY = new HashMap<>();
    double gap = h / (lanes.size() + 1);
    g.setFont(Font.font(12));
    for (int i = 0; i < lanes.size(); i++) {
      double y = gap * (i + 1);
      laneY.put(lanes.get(i), y);
      g.setFill(Color.web("#24292f"));
      g.fillText(lanes.get(i), 8, y + 4);
      g.setStroke(Color.web("#d0d7de"));
      g.setLineWidth(1);
      g.strokeLine(LANE_LEFT, y, w - 8, y);
    }
    for (TimelineViewModel.Arrow a : timeline.arrows()) {
      int from = rank(times, a.sentLamport());
      int to = rank(times, a.receivedLamport());
      if (to < start || from > start + span) {
        continue;
      }
      double x1 = x(from, start);
      double x2 = x(to, start);
      double y1 = laneY.get(a.from());
      double y2 = laneY.get(a.to());
      g.setStroke(COLORS.get(a.kind()));
      g.setLineWidth(1.4);
      g.strokeLine(x1, y1, x2, y2);
      arrowHead(g, x1, y1, x2, y2);
    }
    g.setFont(Font.font(10));
    Map<String, Double> labelEnd = new HashMap<>();
    for (TimelineViewModel.Mark m : marks) {
      int r = rank(times, m.lamport());
      if (r < start || r > start + span) {
        continue;
      }
      double x = x(r, start);
      double y = laneY.get(m.node());
      boolean state = m.type().equals("STATE") || m.type().equals("QUORUM") || m.type().equals("NODE_STATUS");
      g.setFill(state ? Color.web("#bf8700") : Color.web("#57606a"));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (timeline.highlighted(m)) {
        g.setStroke(Color.web("#cf222e")); // an operation the verdict is about
        g.setLineWidth(2.5);
        g.strokeOval(x - 7, y - 7, 14, 14);
      }
      if (state && x + 4 > labelEnd.getOrDefault(m.node(), 0.0)) {
        g.fillText(m.label(), x + 4, y - 6); // skipped when it would overwrite the lane's previous label
        labelEnd.put(m.node(), x + 10 + m.label().length() * 6.0);
      }
    }
  }

  private static int rank(long[] times, long lamport) {
    int i = Arrays.binarySearch(times, lamport);
    return i >= 0 ? i : -i - 1;
  }

  private static double x(int rank, int start) {
    return LANE_LEFT + 10 + (rank - start) * STEP;
  }

  private static void arrowHead(GraphicsContext g, double x1, double y1, double x2, double y2) {
    double angle = Math.atan2(y2 - y1, x2 - x1);
    double size = 6;
    g.strokeLine(x2, y2, x2 - size * Math.cos(angle - 0.4), y2 - size * Math.sin(angle - 0.4));
    g.strokeLine(x2, y2, x2 - size * Math.cos(angle + 0.4), y2 - size * Math.sin(angle + 0.4));
  }
}
