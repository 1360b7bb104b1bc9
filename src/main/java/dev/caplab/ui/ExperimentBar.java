package dev.caplab.ui;

import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Separator;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/**
 * The second toolbar row, for running experiments: step mode, load, lessons, the Compare view, and
 * the verdict on what happened. On a narrow window (a projector's 1024 pixels, step mode showing
 * its held count) the groups wrap onto a second line instead of running past the window's edge.
 */
final class ExperimentBar extends FlowPane {

  ExperimentBar(LabViewModel lab, Region verdict) {
    super(8, 6);
    setId("experiment-bar");
    getStyleClass().add("lab-toolbar");
    setAlignment(Pos.CENTER_LEFT);
    setPrefWrapLength(Double.MAX_VALUE); // one line wherever it fits
    getChildren()
        .addAll(
            new StepControls(lab.step()),
            separator(),
            new LoadControl(lab.load()),
            separator(),
            new LessonControls(lab),
            new CompareButton(lab),
            separator(),
            verdict);
  }

  private static Separator separator() {
    Separator separator = new Separator(Orientation.VERTICAL);
    separator.setPrefHeight(24);
    return separator;
  }
}
