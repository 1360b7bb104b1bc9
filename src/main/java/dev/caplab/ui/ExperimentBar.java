package dev.caplab.ui;

import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The second toolbar row, for running experiments: step mode, load, lessons, the Compare view, and
 * the verdict on what happened.
 */
final class ExperimentBar extends HBox {

  ExperimentBar(LabViewModel lab, Region verdict) {
    setId("experiment-bar");
    getStyleClass().add("lab-toolbar");
    setSpacing(8);
    setAlignment(Pos.CENTER_LEFT);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    getChildren()
        .addAll(
            new StepControls(lab.step()),
            new Separator(Orientation.VERTICAL),
            new LoadControl(lab.load()),
            new Separator(Orientation.VERTICAL),
            new LessonControls(lab),
            new CompareButton(lab),
            spacer,
            verdict);
  }
}
