package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** Config picker, cluster start/stop with progress, lease traffic, animation speed and pause. */
final class ToolbarView extends HBox {

  /** Below this window width the app's name leaves the toolbar to the controls. */
  private static final double WIDE = 1200;

  private final LabViewModel lab;
  private final ComboBox<Path> config = new ComboBox<>();
  private final Button open = new Button(null, new FontIcon(MaterialDesignF.FOLDER_OPEN));
  private final Button start = new Button("Start", new FontIcon(MaterialDesignP.PLAY));
  private final Button attach = new Button("Attach", new FontIcon(MaterialDesignL.LAN_CONNECT));
  private final Button stop = new Button("Stop", new FontIcon(MaterialDesignS.STOP));
  private final Label progress = new Label();
  private final Slider speed = new Slider(0.1, 2, 1);
  private final Label speedText = new Label();
  private final ToggleButton pause = new ToggleButton(null, new FontIcon(MaterialDesignP.PAUSE));
  private final CheckBox background = new CheckBox("Show lease traffic");

  /**
   * Holds the picker and the folder button: a disabled control shows no tooltip, its holder does.
   */
  private final Label configHolder = new Label();

  ToolbarView(LabViewModel lab) {
    this.lab = lab;
    createView();
    bindModel();
  }

  private void createView() {
    setId("toolbar");
    getStyleClass().add("lab-toolbar");
    setSpacing(8);
    setAlignment(Pos.CENTER_LEFT);
    FontIcon logo = new FontIcon(MaterialDesignL.LAN);
    logo.getStyleClass().add("app-logo");
    Label name = new Label("CAP Lab");
    name.getStyleClass().addAll(Styles.TITLE_3, "app-name");

    config.setId("config-box");
    config.setPrefWidth(200);
    config.setCellFactory(c -> new PathCell());
    config.setButtonCell(new PathCell());
    config.setTooltip(new Tooltip("Cluster config: the bundled ones or any YAML file"));
    open.setId("open-config");
    open.setTooltip(new Tooltip("Open a config file…"));
    open.setOnAction(e -> chooseFile());
    start.setId("start-button");
    start.setTooltip(new Tooltip("Start one OS process per node of this config"));
    start.getStyleClass().add(Styles.SUCCESS);
    start.setOnAction(e -> lab.start());
    attach.setId("attach-button");
    Tooltip attachTip =
        new Tooltip(
            "Drive this config's nodes where they already run (on their own machines,"
                + " started there with `caplab cluster --only ID`, or with `caplab node`): nothing is started here. Fail and"
                + " Recover go through the supervisor next to each node; Detach leaves the nodes running.");
    attachTip.setWrapText(true);
    attachTip.setMaxWidth(420);
    attach.setTooltip(attachTip);
    attach.setOnAction(e -> lab.attach());
    stop.setId("stop-button");
    stop.getStyleClass().add(Styles.DANGER);
    stop.setOnAction(e -> lab.stop());
    progress.setId("progress-label");
    progress.getStyleClass().add("cluster-progress");

    speed.setId("speed-slider");
    speed.setPrefWidth(110);
    speed.setMajorTickUnit(0.5);
    speed.setBlockIncrement(0.1);
    speedText.setId("speed-label");
    speedText.setMinWidth(42);
    pause.setId("pause-button");
    pause.setTooltip(new Tooltip("Pause the animation (Space)"));
    background.setId("background-toggle");
    Tooltip quiet =
        new Tooltip(
            Glossary.entry("Background traffic")
                + " Tick to draw and list it too; off, only"
                + " what client requests cause is shown.");
    quiet.setWrapText(true);
    quiet.setMaxWidth(380);
    background.setTooltip(quiet);
    Label speedTitle = new Label("Speed");
    speedTitle.getStyleClass().add(Styles.TEXT_MUTED);

    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    configHolder.setId("config-holder");
    configHolder.setGraphic(new HBox(8, config, open));
    configHolder.setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    Separator afterName = separator();
    getChildren()
        .addAll(
            logo,
            name,
            afterName,
            configHolder,
            start,
            attach,
            stop,
            progress,
            spacer,
            background,
            separator(),
            speedTitle,
            speed,
            speedText,
            pause);
    // Buttons keep their labels whole; on a narrow window (a 1024-pixel projector) the picker and
    // the slider give up width, and the name (also the window's title) goes.
    getChildren().stream()
        .filter(n -> n != spacer && n != progress && n != configHolder && n != speed)
        .filter(n -> n instanceof Region)
        .forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
    progress.setMinWidth(0);
    config.setMinWidth(150);
    speed.setMinWidth(70);
    sceneProperty()
        .addListener(
            (obs, was, scene) -> {
              if (scene != null) {
                BooleanBinding wide = scene.widthProperty().greaterThanOrEqualTo(WIDE);
                for (Node n : List.of(logo, name, afterName)) {
                  n.visibleProperty().bind(wide);
                  n.managedProperty().bind(wide);
                }
              }
            });
  }

  private void bindModel() {
    config.setItems(lab.picker().files());
    config.setOnShowing(e -> lab.picker().rescan());
    config
        .valueProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null && !now.equals(lab.picker().pathProperty().get())) {
                lab.loadConfig(now);
              }
            });
    lab.picker().pathProperty().addListener((obs, was, now) -> config.setValue(now));
    config.setValue(lab.picker().pathProperty().get());
    config.disableProperty().bind(lab.phaseProperty().isNotEqualTo(ClusterPhase.IDLE));
    open.disableProperty().bind(config.disableProperty());
    Tooltip locked = new Tooltip("Stop the cluster to change its config");
    configHolder
        .tooltipProperty()
        .bind(Bindings.when(config.disableProperty()).then(locked).otherwise((Tooltip) null));
    start
        .disableProperty()
        .bind(
            lab.phaseProperty().isNotEqualTo(ClusterPhase.IDLE).or(lab.configProperty().isNull()));
    attach.disableProperty().bind(start.disableProperty());
    stop.textProperty()
        .bind(Bindings.when(lab.attachedProperty()).then("Detach").otherwise("Stop"));
    Tooltip stopTip = new Tooltip("Stop every node process this lab started");
    Tooltip detachTip =
        new Tooltip(
            "Close the connections to the attached nodes; they go on running on their" + " hosts");
    stop.tooltipProperty()
        .bind(Bindings.when(lab.attachedProperty()).then(detachTip).otherwise(stopTip));
    stop.disableProperty()
        .bind(
            lab.phaseProperty()
                .isEqualTo(ClusterPhase.IDLE)
                .or(lab.phaseProperty().isEqualTo(ClusterPhase.STOPPING)));
    progress
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    switch (lab.phaseProperty().get()) {
                      case IDLE -> "";
                      // "starting" is on every card and in the status line; here the count.
                      case STARTING, RUNNING -> lab.progressProperty().get();
                      case STOPPING -> "stopping…";
                    },
                lab.phaseProperty(),
                lab.progressProperty()));
    Tooltip fullProgress = new Tooltip(); // the whole line, should a narrow window cut it short
    fullProgress.textProperty().bind(progress.textProperty());
    progress.setTooltip(fullProgress);
    speed.valueProperty().bindBidirectional(lab.flow().speedProperty());
    speedText
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%.1f×", speed.getValue()),
                speed.valueProperty()));
    pause.selectedProperty().bindBidirectional(lab.flow().pausedProperty());
    background.selectedProperty().bindBidirectional(lab.flow().showBackgroundProperty());
    pause
        .graphicProperty()
        .bind(
            Bindings.createObjectBinding(
                () ->
                    new FontIcon(pause.isSelected() ? MaterialDesignP.PLAY : MaterialDesignP.PAUSE),
                pause.selectedProperty()));
  }

  private void chooseFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a cluster config");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
    Path current = lab.picker().pathProperty().get();
    if (current != null && current.getParent() != null) {
      chooser.setInitialDirectory(current.getParent().toFile());
    }
    File file = chooser.showOpenDialog(getScene().getWindow());
    if (file != null) {
      lab.loadConfig(file.toPath());
    }
  }

  private static Separator separator() {
    return new Separator(Orientation.VERTICAL);
  }

  /** Shows a config by its file name. */
  private static final class PathCell extends ListCell<Path> {
    @Override
    protected void updateItem(Path item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty || item == null ? null : item.getFileName().toString());
    }
  }
}
