package dev.caplab.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** Opens the Compare view; one Compare window per lab, kept (with its clusters) when hidden. */
final class CompareButton extends Button {

  private final LabViewModel lab;
  private CompareWindow window;

  CompareButton(LabViewModel lab) {
    super("Compare", new FontIcon(MaterialDesignS.SCALE_BALANCE));
    this.lab = lab;
    setId("compare-button");
    setMinWidth(Region.USE_PREF_SIZE);
    setTooltip(
        new Tooltip(
            "Open the Compare view: a centralized and a decentralized cluster side by side,"
                + " the same load and the same faults on both"));
    setOnAction(e -> open());
  }

  private void open() {
    if (window != null) {
      window.toFront();
      return;
    }
    lab.compare()
        .ifPresent(
            model -> window = CompareWindow.show(new Stage(), model, getScene().getWindow()));
  }
}
