package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.api.FxAssert.verifyThat;

import dev.caplab.tier.GuiTest;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.base.NodeMatchers;

@ExtendWith(ApplicationExtension.class)
@GuiTest
class InvalidConfigUiTest {

  @TempDir Path dir;
  private LabFixture fixture;

  @Start
  void start(Stage stage) {
    fixture = new LabFixture(dir.resolve("data"));
    fixture.show(stage);
    TestConfigs.centralized(dir, 24050);
    TestConfigs.invalid(dir);
    fixture.lab.scanConfigs(dir);
    fixture.lab.loadConfig(dir.resolve("centralized.yaml"));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void pickingAnInvalidConfigShowsTheLoadersMessageInsteadOfNodes(FxRobot robot) {
    LabFixture.awaitText(robot, "#status-master", "stopped", Duration.ofSeconds(10));

    robot.clickOn("#config-box");
    robot.clickOn("broken.yaml");

    LabFixture.awaitText(
        robot, "#config-error", "read_quorum 1 + write_quorum 1", Duration.ofSeconds(10));
    verifyThat("#config-error", NodeMatchers.isVisible());
    verifyThat(
        "#config-error",
        (Label l) -> l.getText().contains("broken.yaml:") && !l.getText().contains("Exception"));
    verifyThat("#start-button", NodeMatchers.isDisabled());
    assertThat(LabFixture.fx(() -> robot.lookup(".node-view").queryAll())).isEmpty();

    robot.clickOn("#config-box");
    robot.clickOn("centralized.yaml");
    LabFixture.awaitText(robot, "#status-master", "stopped", Duration.ofSeconds(10));
    verifyThat("#config-error", NodeMatchers.isInvisible());
    verifyThat("#start-button", NodeMatchers.isEnabled());
  }
}
