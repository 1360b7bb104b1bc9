package dev.caplab.ui;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real lab window for TestFX tests: the app's scene over a real cluster, with helpers to wait
 * on it.
 */
final class LabFixture {

  static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(90);

  private final ExecutorService background =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "lab-test-background");
            t.setDaemon(true);
            return t;
          });
  final LabViewModel lab;
  final LabApp app = new LabApp();

  LabFixture(Path dataRoot) {
    this(dataRoot, LiveCluster::open);
  }

  /** A lab over another kind of cluster, e.g. a {@link FakeCluster}. */
  LabFixture(Path dataRoot, ClusterGateway.Factory factory) {
    lab =
        new LabViewModel(Platform::runLater, Duration.ofMillis(16), background, factory, dataRoot);
  }

  /**
   * Shows the app's scene on the stage TestFX gives the test (call from @Start, on the FX thread).
   */
  void show(Stage stage) {
    Platform.setImplicitExit(
        false); // a test that closes the window must not end the toolkit for the next
    app.show(stage, lab);
  }

  /** Stops every node the test started; waits without going through the FX thread. */
  void close() throws InterruptedException, ExecutionException, TimeoutException {
    try {
      fx(() -> {
            app.clock().stop();
            return lab.detach(); // taken on the FX thread, awaited here
          })
          .get(30, TimeUnit.SECONDS);
    } finally {
      background.shutdownNow();
    }
  }

  /** Reads a value on the FX thread. */
  static <T> T fx(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of the labeled node, or null while there is none. */
  static String text(FxRobot robot, String query) {
    return fx(
        () -> robot.lookup(query).tryQueryAs(Labeled.class).map(Labeled::getText).orElse(null));
  }

  /**
   * Waits until the labeled node's text contains the wanted part; fails with the last text seen.
   */
  static void awaitText(FxRobot robot, String query, String part, Duration atMost) {
    await()
        .alias(query + " should show '" + part + "'")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> text(robot, query), t -> t != null && t.contains(part));
  }
}
