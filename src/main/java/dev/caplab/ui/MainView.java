package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;

/**
 * The window's layout: toolbar; topology above the event log, diagram and charts (a split the user
 * can drag), beside console and inspector, which take the full height; status line.
 */
final class MainView extends BorderPane {

  private final LabViewModel lab;
  private final FrameClock clock;
  private final ConsoleView console;
  private final Label message = new Label();
  private final Label frames = new Label();
  private final ToggleButton debug =
      new ToggleButton(null, new FontIcon(MaterialDesignB.BUG_OUTLINE));

  MainView(LabViewModel lab, FrameClock clock) {
    this.lab = lab;
    this.clock = clock;
    this.console = new ConsoleView(lab.console());
    createView();
    bindModel();
  }

  ConsoleView console() {
    return console;
  }

  private void createView() {
    setId("main");
    getStyleClass().add("lab");
    setTop(new VBox(new ToolbarView(lab), new ExperimentBar(lab, new VerdictBadge(lab.verdict()))));

    InspectorView inspector = new InspectorView(lab);
    SplitPane side = new SplitPane(console, inspector);
    side.setOrientation(Orientation.VERTICAL);
    side.setDividerPositions(0.55);
    side.getStyleClass().add("side");
    console.setMinHeight(Region.USE_PREF_SIZE); // form, result and the last few operations
    inspector.setMinHeight(150);
    side.setMinWidth(400);
    side.setPrefWidth(470);

    TopologyView topology = new TopologyView(lab);

    Tab events = new Tab("Event log", new EventLogView(lab.eventLog()));
    lab.eventLog().shownProperty().bind(events.selectedProperty());
    TimelineView diagram = new TimelineView(lab);
    Tab timeline = new Tab("Time-space diagram", diagram);
    diagram.activeProperty().bind(timeline.selectedProperty());
    ChartsView chartsView = new ChartsView(lab.charts());
    Tab charts = new Tab("Charts", chartsView);
    charts.setId("charts-tab");
    chartsView.activeProperty().bind(charts.selectedProperty());
    Tab settings = new Tab("Cluster settings", new SettingsPanel(lab));
    settings.setId("settings-tab");
    TabPane lower = new TabPane(events, timeline, charts, settings);
    lower.setId("lower-tabs");
    lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    lower.setMinHeight(140);

    // The diagram needs height to show its lanes and labels; the side column keeps the full height
    // for the
    // console and the inspector.
    SplitPane left = new SplitPane(topology, lower);
    left.setId("left-split");
    left.setOrientation(Orientation.VERTICAL);
    left.setDividerPositions(0.6);
    SplitPane.setResizableWithParent(lower, false); // a bigger window goes to the topology's cards
    SplitPane body = new SplitPane(left, side);
    body.setId("body-split");
    body.setDividerPositions(0.63);
    SplitPane.setResizableWithParent(side, false);
    // A lesson's panel joins on the left while a lesson is open; the rest of the lab stays as it
    // is.
    LessonPanel lesson = new LessonPanel(lab.lesson());
    SplitPane.setResizableWithParent(lesson, false);
    lab.lesson()
        .activeProperty()
        .addListener(
            (obs, was, open) -> {
              if (open && !body.getItems().contains(lesson)) {
                body.getItems().add(0, lesson);
                // The panel and the console keep their widths; the topology and the tabs give up
                // the room.
                double width = Math.max(1, body.getWidth());
                body.setDividerPositions(
                    lesson.getPrefWidth() / width, 1 - side.getMinWidth() / width);
              } else if (!open) {
                body.getItems().remove(lesson);
                body.setDividerPositions(0.63);
              }
            });
    setCenter(body);

    message.setId("message-label");
    message.getStyleClass().add("status-message");
    frames.setId("frame-label");
    frames.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    // Frame statistics are for whoever works on the lab, not for a class: off until asked for.
    debug.setId("debug-toggle");
    debug.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    debug.setTooltip(new Tooltip("Show frame statistics (for debugging the lab's drawing)"));
    frames.visibleProperty().bind(debug.selectedProperty());
    frames.managedProperty().bind(frames.visibleProperty());
    HBox status = new HBox(8, message, spacer, frames, debug);
    status.setAlignment(Pos.CENTER_LEFT);
    status.getStyleClass().add("status-bar");
    setBottom(status);
  }

  private void bindModel() {
    message.textProperty().bind(lab.messageProperty());
    // The full line on hover, should a long one (e.g. an attached node's reason) be cut short at
    // the window's edge.
    Tooltip full = new Tooltip();
    full.setWrapText(true);
    full.setMaxWidth(600);
    full.textProperty().bind(lab.messageProperty());
    message.setTooltip(full);
    frames.textProperty().bind(clock.summaryProperty());
  }
}
