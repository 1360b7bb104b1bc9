package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import dev.caplab.config.Mode;
import dev.caplab.config.SlaveFailurePolicy;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * Cluster settings without YAML: policy, timeouts, quorums and weights, node count. Editable while
 * stopped.
 */
final class SettingsPanel extends ScrollPane {

  private final SettingsViewModel settings;
  private final LabViewModel lab;
  private final ComboBox<Mode> mode = new ComboBox<>();
  private final Spinner<Integer> nodes =
      spinner("settings-nodes", ClusterSettings.MIN_NODES, ClusterSettings.MAX_NODES, 1);
  private final ComboBox<SlaveFailurePolicy> policy = new ComboBox<>();
  private final Spinner<Integer> prepare = spinner("settings-prepare", 50, 60_000, 100);
  private final Spinner<Integer> commit = spinner("settings-commit", 50, 60_000, 100);
  private final Spinner<Integer> request = spinner("settings-request", 50, 60_000, 100);
  private final Spinner<Integer> read = spinner("settings-read", 1, 99, 1);
  private final Spinner<Integer> write = spinner("settings-write", 1, 99, 1);
  private final CheckBox unsafe = new CheckBox("unsafe_quorums");
  private final Label unsafeWarning = new Label("⚠ " + SettingsViewModel.UNSAFE_WARNING);
  private final Label votes = new Label();
  private final HBox weights = new HBox(6);
  private final Button apply = new Button("Apply");
  private final Button saveAs = new Button("Save as…");
  private final Label status = new Label();
  private final Label error = new Label();
  private final Label stopped = new Label("Stop the cluster to change its settings.");

  SettingsPanel(LabViewModel lab) {
    this.lab = lab;
    this.settings = lab.settings();
    createView();
    bindModel();
  }

  private void createView() {
    setId("settings-panel");
    setFitToWidth(true);
    mode.setId("settings-mode");
    mode.getItems().setAll(Mode.values());
    mode.setConverter(lowerCase());
    policy.setId("settings-policy");
    policy.getItems().setAll(SlaveFailurePolicy.values());
    policy.setConverter(lowerCase());
    unsafe.setId("settings-unsafe");
    unsafeWarning.setId("settings-unsafe-warning");
    unsafeWarning.getStyleClass().add("settings-warning");
    votes.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    apply.setId("settings-apply");
    apply.getStyleClass().add(Styles.ACCENT);
    saveAs.setId("settings-save");
    status.setId("settings-status");
    status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    error.setId("settings-error");
    error.getStyleClass().add("settings-error");
    error.setWrapText(true);
    stopped.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

    FlowPane common = row(field("Mode", mode), field("Nodes", nodes));
    FlowPane centralized =
        row(
            field("On slave failure", policy),
            field("Prepare timeout (ms)", prepare),
            field("Commit timeout (ms)", commit));
    FlowPane decentralized =
        row(
            field("Read quorum", read),
            field("Write quorum", write),
            field("Request timeout (ms)", request),
            votes);
    HBox unsafeRow = new HBox(8, unsafe, unsafeWarning);
    unsafeRow.setAlignment(Pos.CENTER_LEFT);
    HBox weightRow = new HBox(8, new Label("Weights"), weights);
    weightRow.setAlignment(Pos.CENTER_LEFT);
    HBox actions = new HBox(8, apply, saveAs, status);
    actions.setAlignment(Pos.CENTER_LEFT);
    for (Node n : List.of(decentralized, unsafeRow, weightRow)) {
      n.visibleProperty().bind(mode.valueProperty().isEqualTo(Mode.DECENTRALIZED));
      n.managedProperty().bind(n.visibleProperty());
    }
    centralized.visibleProperty().bind(mode.valueProperty().isEqualTo(Mode.CENTRALIZED));
    centralized.managedProperty().bind(centralized.visibleProperty());
    VBox body =
        new VBox(
            8, stopped, common, centralized, decentralized, weightRow, unsafeRow, actions, error);
    body.setPadding(new Insets(8));
    setContent(body);
  }

  private void bindModel() {
    BooleanBinding running = lab.phaseProperty().isNotEqualTo(ClusterPhase.IDLE);
    ((VBox) getContent())
        .getChildren().stream()
            .filter(n -> n != stopped)
            .forEach(n -> n.disableProperty().bind(running));
    stopped.visibleProperty().bind(running);
    stopped.managedProperty().bind(running);
    mode.valueProperty().bindBidirectional(settings.modeProperty());
    policy.valueProperty().bindBidirectional(settings.policyProperty());
    link(nodes, settings.nodeCountProperty());
    link(prepare, settings.prepareTimeoutProperty());
    link(commit, settings.commitTimeoutProperty());
    link(request, settings.requestTimeoutProperty());
    link(read, settings.readQuorumProperty());
    link(write, settings.writeQuorumProperty());
    unsafe.selectedProperty().bindBidirectional(settings.unsafeQuorumsProperty());
    unsafeWarning.visibleProperty().bind(unsafe.selectedProperty());
    votes.textProperty().bind(settings.votesText());
    status.textProperty().bind(settings.statusProperty());
    error.textProperty().bind(settings.errorProperty());
    settings.nodeCountProperty().addListener((obs, was, now) -> rebuildWeights());
    settings.modeProperty().addListener((obs, was, now) -> rebuildWeights());
    rebuildWeights();
    apply.setOnAction(e -> settings.apply());
    saveAs.setOnAction(e -> chooseFile());
  }

  private void rebuildWeights() {
    weights.getChildren().clear();
    List<String> ids = settings.current().ids();
    for (int i = 0; i < ids.size(); i++) {
      Spinner<Integer> w = spinner("settings-weight-" + i, 1, 9, 1);
      w.setPrefWidth(64);
      link(w, settings.weights().get(i));
      weights.getChildren().add(field(ids.get(i), w));
    }
  }

  private void chooseFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the cluster settings as a config file");
    chooser.setInitialFileName(settings.current().fileName());
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("YAML", "*.yaml", "*.yml"));
    File file = chooser.showSaveDialog(getScene().getWindow());
    if (file != null) {
      settings.saveAs(file.toPath());
    }
  }

  /** Keeps the spinner and the property equal both ways. */
  private static void link(Spinner<Integer> spinner, IntegerProperty value) {
    ObjectProperty<Integer> shown = spinner.getValueFactory().valueProperty();
    shown.set(value.get());
    value.addListener((obs, was, now) -> shown.set(now.intValue()));
    shown.addListener(
        (obs, was, now) -> {
          if (now != null) {
            value.set(now);
          }
        });
  }

  private static Spinner<Integer> spinner(String id, int min, int max, int step) {
    Spinner<Integer> s = new Spinner<>();
    s.setId(id);
    s.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(min, max, min, step));
    s.setEditable(true);
    s.setPrefWidth(96);
    return s;
  }

  private static VBox field(String title, Node control) {
    Label label = new Label(title);
    label.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    return new VBox(2, label, control);
  }

  private static FlowPane row(Node... children) {
    FlowPane row = new FlowPane(14, 6, children);
    row.setAlignment(Pos.BOTTOM_LEFT);
    return row;
  }

  /** Shows an enum as the config file spells it: strict, decentralized. */
  private static <E extends Enum<E>> StringConverter<E> lowerCase() {
    return new StringConverter<>() {
      @Override
      public String toString(E value) {
        return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
      }

      @Override
      public E fromString(String text) {
        throw new UnsupportedOperationException("not editable");
      }
    };
  }
}
