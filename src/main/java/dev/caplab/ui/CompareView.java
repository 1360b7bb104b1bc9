package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import dev.caplab.lesson.NodeRole;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Compare view: start and load both clusters, apply a fault to the same role in both, and read
 * their charts side by side. Builds and binds only.
 */
final class CompareView extends BorderPane {

  private final CompareViewModel model;
  private final BooleanProperty active = new SimpleBooleanProperty(true);
  private final Button start = new Button("Start both", new FontIcon(MaterialDesignP.PLAY));
  private final Button stop = new Button("Stop both", new FontIcon(MaterialDesignS.STOP));
  private final ToggleButton load =
      new ToggleButton("Load on both", new FontIcon(MaterialDesignC.CHART_LINE_VARIANT));
  private final Spinner<Integer> rate = new Spinner<>();
  private final ToggleGroup roles = new ToggleGroup();
  private final Map<NodeRole, ToggleButton> roleButtons = new EnumMap<>(NodeRole.class);
  private final Map<CompareViewModel.Fault, Button> faults =
      new EnumMap<>(CompareViewModel.Fault.class);
  private final Label targets = new Label();
  private final Label message = new Label();

  CompareView(CompareViewModel model) {
    this.model = model;
    createView();
    bindModel();
  }

  /** Whether the view is shown; hidden charts are not redrawn. */
  BooleanProperty activeProperty() {
    return active;
  }

  private void createView() {
    setId("compare");
    getStyleClass().add("lab");
    getStylesheets()
        .addAll(Resources.url("/assets/lab-charts.css"), Resources.url("/assets/lab-compare.css"));

    Label title = new Label("Compare");
    title.getStyleClass().addAll(Styles.TITLE_3, "app-name");
    Label what = new Label("the same load and the same faults on both architectures at once");
    what.getStyleClass().add(Styles.TEXT_MUTED);
    start.setId("compare-start");
    start.getStyleClass().add(Styles.SUCCESS);
    start.setTooltip(
        new Tooltip("Start the centralized and the decentralized cluster: six node processes"));
    stop.setId("compare-stop");
    stop.getStyleClass().add(Styles.DANGER);
    load.setId("compare-load");
    load.setTooltip(
        new Tooltip(
            "The lab's Load on each cluster: "
                + LoadGenerator.CLIENTS
                + " simulated clients,"
                + " half puts and half gets on "
                + LoadGenerator.KEYS
                + " keys over every node, at the same rate on both"));
    LoadControl.rateSpinner(rate, "compare-rate", "Operations per second, on each cluster");
    Label unit = new Label("ops/s each");
    unit.getStyleClass().add(Styles.TEXT_MUTED);
    HBox top = new HBox(8, title, what, spacer(), start, stop, separator(), load, rate, unit);
    top.setAlignment(Pos.CENTER_LEFT);
    top.getStyleClass().add("lab-toolbar");

    Label faultOn = new Label("Fault on");
    for (NodeRole r : NodeRole.values()) {
      ToggleButton b = new ToggleButton(r.words());
      b.setId("compare-role-" + r.yamlName());
      b.setToggleGroup(roles);
      b.setUserData(r);
      b.setTooltip(
          new Tooltip(r.words() + ": " + r.meaning() + ". Here: " + model.targets(r) + "."));
      roleButtons.put(r, b);
    }
    targets.setId("compare-targets");
    targets.getStyleClass().add(Styles.TEXT_MUTED);
    HBox faultBar =
        new HBox(
            6,
            faultOn,
            roleButtons.get(NodeRole.COORDINATOR),
            roleButtons.get(NodeRole.REPLICA),
            targets,
            spacer());
    for (CompareViewModel.Fault f : CompareViewModel.Fault.values()) {
      Button b =
          new Button(
              f.label()
                  + (f == CompareViewModel.Fault.SLOW
                      ? " " + CompareViewModel.SLOW_SECONDS + " s"
                      : ""));
      b.setId("compare-" + f.verb());
      b.getStyleClass().add(f.repair() ? "repair" : Styles.DANGER);
      faults.put(f, b);
      if (!f.repair() && f != CompareViewModel.Fault.FAIL) {
        faultBar.getChildren().add(separator());
      }
      faultBar.getChildren().add(b);
    }
    faultBar.setAlignment(Pos.CENTER_LEFT);
    faultBar.getStyleClass().add("lab-toolbar");
    for (HBox bar : new HBox[] {top, faultBar}) {
      bar.getChildren().stream()
          .filter(n -> n instanceof Region && !n.getStyleClass().contains("spacer"))
          .forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
    }
    targets.setMinWidth(0);
    setTop(new VBox(top, faultBar));

    CompareColumn left = new CompareColumn(model.centralized());
    CompareColumn right = new CompareColumn(model.decentralized());
    left.activeProperty().bind(active);
    right.activeProperty().bind(active);
    HBox columns = new HBox(10, left, new Separator(Orientation.VERTICAL), right);
    columns.getStyleClass().add("compare-columns");
    setCenter(columns);

    message.setId("compare-message");
    message.getStyleClass().add("status-message");
    HBox status = new HBox(message);
    status.getStyleClass().add("status-bar");
    setBottom(status);
  }

  private void bindModel() {
    start.setOnAction(e -> model.start());
    stop.setOnAction(e -> model.stop());
    start.disableProperty().bind(model.phaseProperty().isNotEqualTo(ClusterPhase.IDLE));
    stop.disableProperty()
        .bind(
            model
                .phaseProperty()
                .isEqualTo(ClusterPhase.IDLE)
                .or(model.phaseProperty().isEqualTo(ClusterPhase.STOPPING)));
    load.setOnAction(
        e -> {
          model.setLoad(load.isSelected());
          load.setSelected(
              model.loadOnProperty().get()); // stays off while the clusters are not running
        });
    model.loadOnProperty().addListener((obs, was, now) -> load.setSelected(now));
    rate.getValueFactory()
        .valueProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null) {
                model.rateProperty().set(now);
              }
            });
    roles.selectToggle(roleButtons.get(model.roleProperty().get()));
    roles
        .selectedToggleProperty()
        .addListener(
            (obs, was, now) -> {
              if (now == null) {
                roles.selectToggle(was); // one role is always chosen
              } else {
                model.setRole((NodeRole) now.getUserData());
              }
            });
    targets
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> "→ " + model.targets(model.roleProperty().get()), model.roleProperty()));
    for (Map.Entry<CompareViewModel.Fault, Button> e : faults.entrySet()) {
      CompareViewModel.Fault f = e.getKey();
      Button b = e.getValue();
      b.setOnAction(ev -> model.apply(f));
      b.disableProperty().bind(model.phaseProperty().isNotEqualTo(ClusterPhase.RUNNING));
      Tooltip tip = new Tooltip();
      tip.textProperty()
          .bind(
              Bindings.createStringBinding(
                  () ->
                      describe(f)
                          + " "
                          + model.targets(model.roleProperty().get())
                          + ", at the same moment.",
                  model.roleProperty()));
      tip.setWrapText(true);
      tip.setMaxWidth(420);
      b.setTooltip(tip);
    }
    message.textProperty().bind(model.messageProperty());
  }

  private static String describe(CompareViewModel.Fault f) {
    return switch (f) {
      case FAIL -> "Kill (SIGKILL)";
      case RECOVER -> "Start again on its data";
      case SLOW -> "Delay every request by " + CompareViewModel.SLOW_SECONDS + " s at";
      case RESTORE -> "Back to full speed:";
      case ISOLATE -> "Cut off from its peers, both ways (a partition of one node):";
      case HEAL -> "Reconnect to its peers:";
    };
  }

  private static Region spacer() {
    Region r = new Region();
    r.getStyleClass().add("spacer");
    HBox.setHgrow(r, Priority.ALWAYS);
    return r;
  }

  private static Separator separator() {
    return new Separator(Orientation.VERTICAL);
  }
}
