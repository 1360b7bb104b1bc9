package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** The toolbar's load: on/off, the rate in operations per second, and what it achieves. */
final class LoadControl extends HBox {

  private final LoadViewModel load;
  private final ToggleButton toggle =
      new ToggleButton("Load", new FontIcon(MaterialDesignC.CHART_LINE_VARIANT));
  private final Spinner<Integer> rate = new Spinner<>();
  private final Label stats = new Label();

  LoadControl(LoadViewModel load) {
    this.load = load;
    createView();
    bindModel();
  }

  private void createView() {
    setId("load-control");
    setSpacing(4);
    setAlignment(Pos.CENTER_LEFT);
    toggle.setId("load-toggle");
    toggle.setTooltip(
        new Tooltip(
            "A steady mix of puts and gets from "
                + LoadGenerator.CLIENTS
                + " simulated clients over every node, so faults have something to break. Every operation goes into"
                + " the history the verdict judges."));
    rateSpinner(rate, "load-rate", "Operations per second");
    stats.setId("load-stats");
    stats.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    Label unit = new Label("ops/s");
    unit.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    getChildren().addAll(toggle, rate, unit, stats);
    getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
  }

  private void bindModel() {
    rate.getValueFactory()
        .valueProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null) {
                load.rateProperty().set(now);
              }
            });
    rate.getValueFactory().setValue(load.rateProperty().get());
    toggle.setOnAction(
        e -> {
          load.setRunning(toggle.isSelected());
          toggle.setSelected(
              load.runningProperty().get()); // stays off when there is no cluster to load
        });
    load.runningProperty().addListener((obs, was, now) -> toggle.setSelected(now));
    stats.textProperty().bind(load.summaryProperty());
    stats.visibleProperty().bind(load.runningProperty());
    stats.managedProperty().bind(load.runningProperty());
  }

  /** The rate field of a load (the toolbar's, the compare view's): operations per second. */
  static void rateSpinner(Spinner<Integer> rate, String id, String tip) {
    rate.setId(id);
    rate.setValueFactory(
        new SpinnerValueFactory.IntegerSpinnerValueFactory(
            LoadGenerator.MIN_RATE, LoadGenerator.MAX_RATE, LoadViewModel.DEFAULT_RATE, 5));
    rate.setEditable(true);
    rate.setPrefWidth(78);
    rate.setTooltip(new Tooltip(tip));
  }
}
