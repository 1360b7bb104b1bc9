package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.fx;

import java.nio.file.Path;
import javafx.stage.Stage;

/**
 * A TestFX test of the lab window ({@link LabFixture}) over the clusters {@link #clusters} makes:
 * real node processes unless the test says otherwise. open loads what the test needs (a config,
 * lessons) once the window shows.
 */
abstract class LabWindowTest extends FxWindowTest {

  LabFixture fixture;

  /** The clusters the lab opens. */
  ClusterGateway.Factory clusters() {
    return LiveCluster::open;
  }

  /** What the lab holds when the test begins (FX thread): usually a config; nothing by default. */
  void open(LabViewModel lab) throws Exception {}

  @Override
  final void show(Stage stage) throws Exception {
    fixture = new LabFixture(dir.resolve("data"), clusters());
    fixture.show(stage);
    open(fixture.lab);
  }

  /** Sizes the window and loads config into the lab. */
  void loadAt(Path config, double width, double height) {
    fx(
        () -> {
          stage.setWidth(width);
          stage.setHeight(height);
          fixture.lab.loadConfig(config);
          return null;
        });
  }

  @Override
  void close() throws Exception {
    if (fixture != null) { // null when the window did not come up: the test already failed
      fixture.close();
    }
  }
}
