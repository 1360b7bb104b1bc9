package dev.caplab.ui;

import atlantafx.base.theme.PrimerLight;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The Compare view in a window of its own, 1280 x 800, ticked once per frame while shown. Closing
 * it stops both clusters.
 */
final class CompareWindow {

  private final CompareViewModel model;
  private final Stage stage;
  private final AnimationTimer clock;

  private CompareWindow(CompareViewModel model, Stage stage) {
    this.model = model;
    this.stage = stage;
    this.clock =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            model.tick(now);
          }
        };
  }

  /** Puts the view on the stage and shows it; also used by the UI tests. */
  static CompareWindow show(Stage stage, CompareViewModel model, Window owner) {
    // The lab's theme (its colours and sizes); set by the lab window too, and again here for a
    // window shown alone.
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    CompareWindow w = new CompareWindow(model, stage);
    CompareView view = new CompareView(model);
    Scene scene = new Scene(view, 1280, 800);
    scene.getStylesheets().add(Resources.url("/assets/lab.css"));
    stage.setScene(scene);
    stage.setTitle("CAP Lab — Compare: centralized and decentralized side by side");
    stage.setMinWidth(1024);
    stage.setMinHeight(660);
    if (owner != null && stage.getOwner() == null) {
      stage.initOwner(owner);
    }
    stage.setOnShown(e -> w.clock.start());
    stage.setOnHidden(e -> w.clock.stop());
    stage.setOnCloseRequest(
        e -> {
          if (model.phaseProperty().get() != ClusterPhase.IDLE) {
            e.consume(); // close once both clusters are stopped
            model.stop().thenRun(stage::close);
          }
        });
    stage.show();
    w.clock.start();
    return w;
  }

  Stage stage() {
    return stage;
  }

  void toFront() {
    stage.show();
    stage.toFront();
  }
}
