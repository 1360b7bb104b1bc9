package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.awaitility.Awaitility.await;

import dev.caplab.tier.GuiTest;
import java.nio.file.Path;
import java.time.Duration;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Starts a real decentralized (weighted quorum) cluster from the GUI and watches a write gather its
 * votes.
 */
@ExtendWith(ApplicationExtension.class)
@GuiTest
class DecentralizedUiTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private LabFixture fixture;

  @Start
  void start(Stage stage) {
    fixture = new LabFixture(dir.resolve("data"));
    fixture.show(stage);
    fixture.lab.loadConfig(TestConfigs.decentralized(dir, 24110));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aPutShowsTheVoteMeterReachingThreeOfThreeNeeded(FxRobot robot) {
    robot.clickOn("#start-button");
    for (String node : new String[] {"node_0", "node_1", "node_2"}) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }

    robot.clickOn("#key-field").write("planet");
    robot.clickOn("#value-field").write("mars");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put planet = mars · stored at node_0", SHORT);

    awaitText(robot, "#votes-node_0", "3 / 3 needed ✓", SHORT);
    await()
        .alias("vote grants drawn")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        fixture.lab.flow().recent().stream()
                            .anyMatch(
                                r ->
                                    r.to().equals("node_0")
                                        && MessageKind.of(r.label()) == MessageKind.POSITIVE)));
  }
}
