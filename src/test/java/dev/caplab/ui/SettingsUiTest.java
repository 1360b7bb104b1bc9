package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.SlaveFailurePolicy;
import dev.caplab.tier.GuiTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The settings panel writes a config the loader accepts, and Start runs it on a real cluster. */
@ExtendWith(ApplicationExtension.class)
@GuiTest
class SettingsUiTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private LabFixture fixture;

  @Start
  void start(Stage stage) {
    fixture = new LabFixture(dir.resolve("data"));
    fixture.show(stage);
    fixture.lab.loadConfig(TestConfigs.centralized(dir, 27200));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aStrictFourNodeClusterFromThePanelStartsAndAbortsAPutWhenASlaveIsDown(FxRobot robot)
      throws Exception {
    await().atMost(SHORT).until(() -> fx(() -> fixture.lab.configProperty().get() != null));
    robot.clickOn("Cluster settings");
    robot.clickOn("#settings-policy").clickOn("strict");
    javafx.scene.Node more =
        fx(() -> robot.lookup("#settings-nodes .increment-arrow-button").query());
    robot.clickOn(more);
    robot.clickOn("#settings-apply");
    awaitText(robot, "#settings-status", "press Start", SHORT);

    Path written = dir.resolve("data/settings/lab-centralized.yaml");
    ClusterConfig config = ConfigLoader.load(written);
    assertThat(config.onSlaveFailure()).isEqualTo(SlaveFailurePolicy.STRICT);
    assertThat(config.ids()).containsExactly("master", "slave_1", "slave_2", "slave_3");
    assertThat(config.prepareTimeout()).isEqualTo(Duration.ofMillis(TestConfigs.TIMEOUT_MS));
    await()
        .alias("the lab shows the written config")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        written.toAbsolutePath().equals(fixture.lab.picker().pathProperty().get())
                            && fixture.lab.nodes().size() == 4));

    robot.clickOn("#start-button");
    for (String node : List.of("master", "slave_1", "slave_2", "slave_3")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    robot.clickOn("#key-field").write("color");
    robot.clickOn("#value-field").write("red");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put color = red · stored at master", SHORT);

    robot.rightClickOn("#node-slave_3");
    robot.clickOn("Fail (SIGKILL)");
    awaitText(robot, "#status-slave_3", "down", SHORT);
    robot.doubleClickOn("#value-field").eraseText(10).write("blue");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put color = blue · REFUSED", SHORT);
  }
}
