package dev.caplab.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The toolbar's verdict: green while the history is linearizable, red with the violation; click to
 * highlight it.
 */
final class VerdictBadge extends Button {

  VerdictBadge(VerdictViewModel verdict) {
    setId("verdict-badge");
    getStyleClass().add("verdict-badge");
    setGraphic(new FontIcon(MaterialDesignS.SCALE_BALANCE));
    setMinWidth(Region.USE_PREF_SIZE); // read whole: a narrow bar wraps instead (ExperimentBar)
    Tooltip tip = new Tooltip();
    tip.setWrapText(true);
    tip.setMaxWidth(520);
    tip.textProperty()
        .bind(
            verdict
                .detailProperty()
                .concat(
                    "\n\nIs every operation the lab issued (console and"
                        + " load) consistent with one order in real time? Checked per key as operations complete. Click to"
                        + " highlight the operations of a violation."));
    setTooltip(tip);
    textProperty().bind(verdict.textProperty());
    verdict.stateProperty().addListener((obs, was, now) -> restyle(now));
    restyle(verdict.stateProperty().get());
    setOnAction(e -> verdict.showInvolved());
  }

  private void restyle(VerdictViewModel.State state) {
    getStyleClass().removeAll("verdict-ok", "verdict-bad", "verdict-idle");
    getStyleClass()
        .add(
            switch (state) {
              case OK -> "verdict-ok";
              case VIOLATED -> "verdict-bad";
              case IDLE -> "verdict-idle";
            });
  }
}
