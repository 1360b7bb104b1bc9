package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.SlaveFailurePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The settings panel writes a config the loader accepts, and Start runs it on a real cluster. */
class SettingsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 27200));
  }

  @Test
  void aStrictFourNodeClusterFromThePanelStartsAndAbortsAPutWhenASlaveIsDown() throws Exception {
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
