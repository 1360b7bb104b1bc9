package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The toolbar's step mode: the toggle, how many messages are held, deliver the oldest, deliver all.
 */
final class StepControls extends HBox {

  private final StepModeViewModel step;
  private final ToggleButton toggle =
      new ToggleButton("Step", new FontIcon(MaterialDesignS.STEP_FORWARD));
  private final Label held = new Label();
  private final Button next = new Button("Next");
  private final Button all = new Button("Deliver all");

  StepControls(StepModeViewModel step) {
    this.step = step;
    createView();
    bindModel();
  }

  private void createView() {
    setId("step-controls");
    setSpacing(4);
    setAlignment(Pos.CENTER_LEFT);
    toggle.setId("step-toggle");
    toggle.setTooltip(
        new Tooltip(
            "Step mode (T): every node holds the messages of client requests until you deliver"
                + " them. Leaving it delivers everything."));
    held.setId("held-count");
    held.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    next.setId("deliver-next");
    next.setTooltip(new Tooltip("Deliver the oldest held message (N)"));
    all.setId("deliver-all");
    all.setTooltip(new Tooltip("Deliver every held message"));
    getChildren().addAll(toggle, held, next, all);
    getChildren().forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE));
  }

  private void bindModel() {
    toggle.setSelected(step.onProperty().get());
    step.onProperty().addListener((obs, was, now) -> toggle.setSelected(now));
    toggle.setOnAction(e -> step.setOn(toggle.isSelected()));
    held.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    step.parked().size()
                        + " held · "
                        + step.holdingProperty().get()
                        + (step.holdingProperty().get() == 1 ? " node" : " nodes")
                        + " holding",
                step.parked(),
                step.holdingProperty()));
    for (Region r : new Region[] {held, next, all}) {
      r.visibleProperty().bind(step.onProperty());
      r.managedProperty().bind(step.onProperty());
    }
    next.disableProperty().bind(Bindings.isEmpty(step.parked()));
    all.disableProperty().bind(Bindings.isEmpty(step.parked()));
    next.setOnAction(e -> step.deliverOldest());
    all.setOnAction(e -> step.deliverAll());
  }
}
