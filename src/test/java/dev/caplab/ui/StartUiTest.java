package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.tier.GuiTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * What the window says while a cluster comes up, over a fake cluster whose nodes serve when the
 * test says.
 */
@ExtendWith(ApplicationExtension.class)
@GuiTest
class StartUiTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();
  private LabFixture fixture;

  @Start
  void start(Stage stage) {
    fixture =
        new LabFixture(
            dir.resolve("data"),
            (config, data, events, executor, processes) -> {
              ClusterGateway g =
                  FakeCluster.factory(opened).open(config, data, events, executor, processes);
              opened.getNow(null).serveAtOnce = false;
              return g;
            });
    fixture.show(stage);
    fixture.lab.loadConfig(TestConfigs.centralized(dir, 26110));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void cardsAndInspectorSayStartingWithElapsedTimeUntilTheNodesServe(FxRobot robot) {
    awaitText(robot, "#status-master", "stopped", SHORT);
    robot.clickOn("#start-button");

    for (String node : new String[] {"master", "slave_1", "slave_2"}) {
      awaitText(robot, "#status-" + node, "starting · ", SHORT);
    }
    assertThat(text(robot, "#status-master")).matches("● starting · \\d+\\.\\d s");
    awaitText(robot, "#inspector-notice", "master is starting", SHORT);
    assertThat(text(robot, "#inspector-title")).contains("starting");
    assertThat(text(robot, "#progress-label")).contains("0 of 3 serving");

    robot.interact(() -> opened.getNow(null).serveAll());
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    awaitText(robot, "#status-master", "serving", SHORT);
    awaitText(robot, "#message-label", "Cluster serving after", SHORT);
  }
}
