package dev.caplab.ui;

import atlantafx.base.theme.PrimerLight;
import dev.caplab.config.BundledConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The CAP Lab window. Opens {@code configs/centralized.yaml} (or {@code --config=FILE}); closing
 * the window stops every node process the lab started.
 */
public final class LabApp extends Application {

  static final Path CONFIGS = BundledConfigs.dir();
  static final Path DEFAULT_CONFIG = CONFIGS.resolve("centralized.yaml");

  /** The shipped lessons, beside the bundled configs: assets/lessons. */
  static final Path LESSONS = CONFIGS.resolveSibling("assets").resolve("lessons");

  private static final Duration FRAME = Duration.ofMillis(16);
  private static final double WIDTH = 1280;
  private static final double HEIGHT = 800;
  static final double MIN_WIDTH = 1024;
  static final double MIN_HEIGHT = 660;

  private ExecutorService background;
  private LabViewModel lab;
  private FrameClock clock;

  @Override
  public void start(Stage stage) {
    background =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lab-background");
              t.setDaemon(true);
              return t;
            });
    lab =
        new LabViewModel(Platform::runLater, FRAME, background, LiveCluster::open, Path.of("data"));
    show(stage, lab);
    lab.scanConfigs(CONFIGS);
    lab.lesson().scan(LESSONS);
    String config = getParameters().getNamed().get("config");
    lab.loadConfig(config == null ? DEFAULT_CONFIG : Path.of(config));
  }

  /**
   * Puts the lab on the stage: its scene, and a close button that first stops every node the lab
   * started. Also used by the UI tests.
   */
  void show(Stage stage, LabViewModel model) {
    stage.setScene(createScene(model));
    stage.setTitle("CAP Lab");
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
    Dimension2D size = windowSize(Screen.getPrimary().getVisualBounds());
    stage.setWidth(size.getWidth());
    stage.setHeight(size.getHeight());
    stage.setOnCloseRequest(
        e -> {
          if (model.phaseProperty().get() != ClusterPhase.IDLE) {
            e.consume(); // close once every node is stopped
            model.stop().thenRun(stage::close);
          }
        });
    stage.show();
  }

  /**
   * 1280x800 where the screen has room, else the screen (a classroom projector's 1024x768 less a
   * task bar), never below the smallest size the layout is made for.
   */
  static Dimension2D windowSize(Rectangle2D screen) {
    return new Dimension2D(
        Math.max(MIN_WIDTH, Math.min(WIDTH, screen.getWidth())),
        Math.max(MIN_HEIGHT, Math.min(HEIGHT, screen.getHeight())));
  }

  private Scene createScene(LabViewModel model) {
    this.lab = model;
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    clock = new FrameClock(model);
    MainView view = new MainView(model, clock);
    Scene scene = new Scene(view, WIDTH, HEIGHT);
    scene
        .getStylesheets()
        .addAll(Resources.url("/assets/lab.css"), Resources.url("/assets/lab-step.css"));
    Shortcuts.install(scene, model, view.console());
    clock.start();
    return scene;
  }

  FrameClock clock() {
    return clock;
  }

  @Override
  public void stop() throws Exception {
    if (clock != null) {
      clock.stop();
    }
    if (lab != null) {
      // The window is gone; wait here (bounded) so the JVM does not exit before the nodes are
      // stopped.
      lab.detach().get(15, TimeUnit.SECONDS);
    }
    if (background != null) {
      background.shutdownNow();
    }
  }
}
