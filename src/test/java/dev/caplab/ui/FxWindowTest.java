package dev.caplab.ui;

import dev.caplab.tier.GuiTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A TestFX test of one window: before each test, show puts it on TestFX's stage (FX thread); after
 * it, close ends what it started. Tests drive it with {@link #robot}, whose lookups run on the FX
 * thread (TestFX's ApplicationExtension still starts the toolkit; its @Start is not used, as it
 * only finds methods the test class itself declares).
 */
@ExtendWith(ApplicationExtension.class)
@GuiTest
abstract class FxWindowTest {

  static final Duration SHOW_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path dir;
  final FxThreadRobot robot = new FxThreadRobot();
  Stage stage;

  /** Shows the window on stage; on the FX thread. */
  abstract void show(Stage stage) throws Exception;

  /** Ends what show started (clusters, executors); on the test thread. */
  abstract void close() throws Exception;

  @BeforeEach
  final void showWindow() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    // Not FxToolkit.setupFixture: its 30 s was too short for the first window of a test JVM (class
    // loading, CSS) on a loaded 2-core machine.
    WaitForAsyncUtils.asyncFx(
            () -> {
              show(stage);
              return null;
            })
        .get(SHOW_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterEach
  final void closeWindow() throws Exception {
    close();
  }
}
