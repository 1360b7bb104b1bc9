package dev.caplab.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/** Placeholder window until the GUI lands. */
public final class LabApp extends Application {

  @Override
  public void start(Stage stage) {
    Label label = new Label("CAP Lab: run `caplab cluster --config configs/centralized.yaml` and use the CLI.");
    label.setId("placeholder");
    stage.setTitle("CAP Lab");
    stage.setScene(new Scene(new StackPane(label), 640, 240));
    stage.show();
  }
}
