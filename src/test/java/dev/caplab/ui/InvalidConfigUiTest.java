package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

class InvalidConfigUiTest extends LabWindowTest {

  @Override
  void open(LabViewModel lab) {
    TestConfigs.centralized(dir, 24050);
    TestConfigs.invalid(dir);
    lab.scanConfigs(dir);
    lab.loadConfig(dir.resolve("centralized.yaml"));
  }

  @Test
  void pickingAnInvalidConfigShowsTheLoadersMessageInsteadOfNodes() {
    LabFixture.awaitText(robot, "#status-master", "stopped", Duration.ofSeconds(10));

    robot.clickOn("#config-box");
    robot.clickOn("broken.yaml");

    LabFixture.awaitText(
        robot, "#config-error", "read_quorum 1 + write_quorum 1", Duration.ofSeconds(10));
    robot.check("#config-error", Node::isVisible);
    robot.check(
        "#config-error",
        (Label l) -> l.getText().contains("broken.yaml:") && !l.getText().contains("Exception"));
    robot.check("#start-button", Node::isDisabled);
    assertThat(LabFixture.fx(() -> robot.lookup(".node-view").queryAll())).isEmpty();

    robot.clickOn("#config-box");
    robot.clickOn("centralized.yaml");
    LabFixture.awaitText(robot, "#status-master", "stopped", Duration.ofSeconds(10));
    robot.check("#config-error", (Node n) -> !n.isVisible());
    robot.check("#start-button", (Node n) -> !n.isDisabled());
  }
}
