package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Time-space (Lamport) diagram: one lane per node, time to the right, an arrow per message with its
 * name on it. Wheel or buttons zoom, dragging scrolls back in time, clicking shows an event's
 * details below. Follows the newest events until the user scrolls back.
 */
final class TimelineView extends BorderPane {

  private static final Map<MessageKind, Color> COLORS =
      Map.of(
          MessageKind.REQUEST,
          Color.web("#0969da"),
          MessageKind.POSITIVE,
          Color.web("#1a7f37"),
          MessageKind.NEGATIVE,
          Color.web("#cf222e"),
          MessageKind.DECISION,
          Color.web("#8250df"),
          MessageKind.REPAIR,
          Color.web("#bc4c00"),
          MessageKind.BACKGROUND,
          Color.web("#8c959f"),
          MessageKind.OTHER,
          Color.web("#57606a"));
  private static final Font LABEL_FONT = Font.font("System", FontWeight.BOLD, 11);
  private static final double ZOOM_STEP = 1.4;

  private final LabViewModel lab;
  private final TimelineViewModel timeline;
  private final Canvas canvas = new Canvas();
  private final Pane holder = new Pane(canvas);
  private final ScrollBar scroll = new ScrollBar();
  private final ToggleButton follow = new ToggleButton("Follow live");
  private final Button zoomIn = new Button("+");
  private final Button zoomOut = new Button("−");
  private final Button exportPng = new Button("Save picture…");
  private final Button saveTrace = new Button("Save trace…");
  private final Button openTrace = new Button("Open trace…");
  private final Label details = new Label();
  private final Label hidden = new Label();
  private final BooleanProperty active = new SimpleBooleanProperty();
  private final Text measurer = new Text();
  private final Map<String, Double> widths = new HashMap<>();
  private FilePrompt files = FilePrompt.dialogs();
  private TimelineViewModel.Layout layout;
  private boolean syncing;
  private double dragX;
  private boolean dragged;

  TimelineView(LabViewModel lab) {
    this.lab = lab;
    this.timeline = lab.timeline();
    createView();
    bindModel();
  }

  /** Where saved and opened files come from (tests give paths instead of the system dialog). */
  void useFiles(FilePrompt prompt) {
    this.files = prompt;
  }

  /**
   * Whether the diagram is on screen; it draws only then (drawing hidden canvases costs frames).
   */
  BooleanProperty activeProperty() {
    return active;
  }

  private void createView() {
    setId("timeline");
    canvas.setId("timeline-canvas");
    canvas.widthProperty().bind(holder.widthProperty());
    canvas.heightProperty().bind(holder.heightProperty());
    holder.setMinSize(0, 0);
    scroll.setOrientation(Orientation.HORIZONTAL);
    scroll.setId("timeline-scroll");
    follow.setId("timeline-follow");
    follow.setTooltip(
        new Tooltip(
            "Keep the newest events in view. Dragging the diagram or its scroll bar back"
                + " in time turns this off; turn it on to catch up."));
    zoomIn.setId("timeline-zoom-in");
    zoomIn.setTooltip(
        new Tooltip("Zoom in (or the mouse wheel over the diagram): more room for each message"));
    zoomOut.setId("timeline-zoom-out");
    zoomOut.setTooltip(
        new Tooltip(
            "Zoom out: more time at once; labels that do not fit are cut short or left" + " out"));
    exportPng.setId("timeline-export-png");
    exportPng.setTooltip(new Tooltip("Save the diagram as shown as a PNG picture"));
    saveTrace.setId("timeline-save-trace");
    saveTrace.setTooltip(
        new Tooltip(
            "Save every event observed since Start as a trace (JSON Lines, as `caplab"
                + " watch` prints) and the operations the lab issued as a history beside it (.history.jsonl)"));
    openTrace.setId("timeline-open-trace");
    openTrace.setTooltip(
        new Tooltip(
            "Replay a saved trace in the topology, the event log and this diagram,"
                + " without a cluster (stop it first)"));
    for (var b :
        new javafx.scene.control.ButtonBase[] {
          follow, zoomIn, zoomOut, exportPng, saveTrace, openTrace
        }) {
      b.getStyleClass().add(Styles.SMALL);
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    hidden.setId("timeline-hidden");
    hidden.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    hidden.setMinWidth(Region.USE_PREF_SIZE);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar =
        new HBox(6, follow, zoomOut, zoomIn, hidden, spacer, exportPng, saveTrace, openTrace);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("timeline-bar");
    details.setId("timeline-details");
    details.setWrapText(true);
    details.getStyleClass().add(Styles.TEXT_SMALL);
    details.setMinHeight(Region.USE_PREF_SIZE);
    details.setMaxWidth(Double.MAX_VALUE);
    setTop(bar);
    setCenter(holder);
    setBottom(new VBox(2, scroll, details));
    measurer.setFont(LABEL_FONT);
  }

  private void bindModel() {
    active.addListener((obs, was, now) -> redraw());
    follow.selectedProperty().bindBidirectional(timeline.followProperty());
    timeline.versionProperty().addListener((obs, was, now) -> redraw());
    timeline.zoomProperty().addListener((obs, was, now) -> redraw());
    canvas.widthProperty().addListener((obs, was, now) -> redraw());
    canvas.heightProperty().addListener((obs, was, now) -> redraw());
    timeline.followProperty().addListener((obs, was, now) -> redraw());
    details
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () -> EventDetails.of(timeline.selectedProperty().get()),
                timeline.selectedProperty()));
    scroll
        .valueProperty()
        .addListener(
            (obs, was, now) -> {
              if (!syncing) {
                timeline.scrollTo(now.doubleValue(), canvas.getWidth());
              }
            });
    zoomIn.setOnAction(e -> timeline.zoomBy(ZOOM_STEP, canvas.getWidth() / 2, canvas.getWidth()));
    zoomOut.setOnAction(
        e -> timeline.zoomBy(1 / ZOOM_STEP, canvas.getWidth() / 2, canvas.getWidth()));
    canvas.setOnScroll(
        e -> {
          if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
            timeline.scrollBy(e.isShiftDown() ? e.getDeltaY() : e.getDeltaX(), canvas.getWidth());
          } else if (e.getDeltaY() != 0) {
            timeline.zoomBy(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), canvas.getWidth());
          }
          e.consume();
        });
    canvas.setOnMousePressed(
        e -> {
          dragX = e.getX();
          dragged = false;
        });
    canvas.setOnMouseDragged(
        e -> {
          if (Math.abs(e.getX() - dragX) >= 3 || dragged) {
            dragged = true;
            timeline.scrollBy(e.getX() - dragX, canvas.getWidth());
            dragX = e.getX();
          }
        });
    canvas.setOnMouseClicked(
        e -> {
          if (!dragged && e.getButton() == MouseButton.PRIMARY && layout != null) {
            timeline.select(TimelineViewModel.hit(layout, e.getX(), e.getY()));
          }
        });
    exportPng.setOnAction(
        e ->
            files
                .save(
                    getScene().getWindow(),
                    "Save the diagram as a picture",
                    "time-space-diagram.png",
                    "PNG picture",
                    "png")
                .ifPresent(this::savePicture));
    saveTrace.setOnAction(
        e ->
            files
                .save(
                    getScene().getWindow(),
                    "Save the trace",
                    "trace.jsonl",
                    "Trace (JSON Lines)",
                    "jsonl")
                .ifPresent(lab::saveTrace));
    openTrace.setOnAction(
        e ->
            files
                .open(getScene().getWindow(), "Open a saved trace", "Trace (JSON Lines)", "jsonl")
                .ifPresent(lab::openTrace));
    openTrace.disableProperty().bind(lab.phaseProperty().isNotEqualTo(ClusterPhase.IDLE));
  }

  private void savePicture(Path file) {
    redraw();
    int w = (int) canvas.getWidth();
    int h = (int) canvas.getHeight();
    if (w <= 0 || h <= 0) {
      return;
    }
    WritableImage image = canvas.snapshot(null, new WritableImage(w, h));
    int[] argb = new int[w * h];
    image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
    lab.saveImage(file, w, h, argb);
  }

  private double width(String text) {
    return widths.computeIfAbsent(
        text,
        t -> {
          measurer.setText(t);
          return measurer.getLayoutBounds().getWidth();
        });
  }

  private void redraw() {
    if (!active.get()) {
      return;
    }
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.setFill(Color.WHITE);
    g.fillRect(0, 0, w, h);
    if (widths.size() > 5000) {
      widths.clear();
    }
    layout = timeline.layout(w, h, this::width);
    syncScroll(w);
    hidden.setText(
        layout.hiddenLabels() == 0
            ? ""
            : layout.hiddenLabels() + " labels left out: zoom in to read" + " them");
    if (timeline.lanes().isEmpty() || w <= TimelineViewModel.LANE_LEFT) {
      return;
    }
    g.setFont(Font.font(12));
    g.setTextBaseline(VPos.CENTER);
    g.setTextAlign(TextAlignment.LEFT);
    layout
        .laneY()
        .forEach(
            (lane, y) -> {
              g.setFill(Color.web("#24292f"));
              g.fillText(lane, 8, y);
              g.setStroke(Color.web("#d0d7de"));
              g.setLineWidth(1);
              g.strokeLine(TimelineViewModel.LANE_LEFT, y, w - 8, y);
            });
    Object selected = timeline.selectedProperty().get();
    for (TimelineViewModel.PlacedArrow a : layout.arrows()) {
      g.setStroke(COLORS.get(a.arrow().kind()));
      g.setLineWidth(a.arrow().equals(selected) ? 3 : 1.4);
      g.strokeLine(a.x1(), a.y1(), a.x2(), a.y2());
      arrowHead(g, a.x1(), a.y1(), a.x2(), a.y2());
    }
    drawMarks(g, selected);
    g.setFont(LABEL_FONT);
    g.setTextAlign(TextAlignment.CENTER);
    for (TimelineViewModel.PlacedArrow a : layout.arrows()) {
      if (a.labelled()) {
        g.setFill(Color.rgb(255, 255, 255, 0.9));
        g.fillRoundRect(
            a.labelX() - a.labelWidth() / 2,
            a.labelY() - TimelineViewModel.LABEL_HEIGHT / 2,
            a.labelWidth(),
            TimelineViewModel.LABEL_HEIGHT,
            6,
            6);
        g.setFill(COLORS.get(a.arrow().kind()).darker());
        g.fillText(a.label(), a.labelX(), a.labelY());
      }
    }
  }

  private void drawMarks(GraphicsContext g, Object selected) {
    g.setFont(Font.font(10));
    g.setTextAlign(TextAlignment.LEFT);
    Map<String, Double> labelEnd = new HashMap<>();
    for (TimelineViewModel.PlacedMark p : layout.marks()) {
      TimelineViewModel.Mark m = p.mark();
      double x = p.x();
      double y = p.y();
      boolean state =
          m.type().equals("STATE") || m.type().equals("QUORUM") || m.type().equals("NODE_STATUS");
      g.setFill(state ? Color.web("#bf8700") : Color.web("#57606a"));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (timeline.highlighted(m)) {
        g.setStroke(Color.web("#cf222e")); // an operation the verdict is about
        g.setLineWidth(2.5);
        g.strokeOval(x - 7, y - 7, 14, 14);
      }
      if (m.equals(selected)) {
        g.setStroke(Color.web("#0969da"));
        g.setLineWidth(2);
        g.strokeOval(x - 6, y - 6, 12, 12);
      }
      if (state && x + 4 > labelEnd.getOrDefault(m.node(), 0.0)) {
        g.setFill(Color.web("#9a6700"));
        g.fillText(
            m.label(), x + 4, y - 10); // skipped when it would overwrite the lane's previous label
        labelEnd.put(m.node(), x + 10 + m.label().length() * 6.0);
      }
    }
  }

  private void syncScroll(double w) {
    syncing = true;
    try {
      scroll.setMin(0);
      scroll.setMax(timeline.maxFirstRank(w));
      scroll.setVisibleAmount(layout.visibleRanks());
      scroll.setValue(layout.firstRank());
    } finally {
      syncing = false;
    }
  }

  private static void arrowHead(GraphicsContext g, double x1, double y1, double x2, double y2) {
    double angle = Math.atan2(y2 - y1, x2 - x1);
    double size = 7;
    g.strokeLine(x2, y2, x2 - size * Math.cos(angle - 0.4), y2 - size * Math.sin(angle - 0.4));
    g.strokeLine(x2, y2, x2 - size * Math.cos(angle + 0.4), y2 - size * Math.sin(angle + 0.4));
  }
}
