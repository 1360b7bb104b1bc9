package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javafx.scene.control.TableView;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Starts a real centralized (2PC) cluster from the GUI and drives it by clicking and typing. */
class CentralizedUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 24100));
  }

  @Test
  void putAndGetThroughTheConsoleShowTheValueAndAnimatePrepareAndCommit() {
    startCluster(robot);

    put(robot, "color", "blue");
    awaitText(robot, "#result-label", "put color = blue · stored at master", SHORT);
    robot.clickOn("#get-button");
    awaitText(robot, "#result-label", "get color = blue · from master", SHORT);
    robot.check("#history-table", (TableView<OpRecord> t) -> t.getItems().size() == 2);

    await()
        .alias("prepare and commit tokens drawn to both slaves")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        fixture.lab.flow().started("prepare") >= 2
                            && fixture.lab.flow().started("commit") >= 2));
    // Looked up on the FX thread: the token layer changes under a lookup from the test thread.
    org.assertj.core.api.Assertions.assertThat(
            fx(() -> robot.lookup("#phase-master").queryLabeled().getText()))
        .contains("COMMIT");

    Window window = fx(() -> robot.lookup("#main").query().getScene().getWindow());
    robot.interact(
        () -> window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST)));
    await()
        .alias("closing the window stops every node process")
        .atMost(SHORT)
        .until(() -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
    await().atMost(SHORT).until(() -> fx(() -> !window.isShowing()));
  }

  @Test
  void aFailedSlaveShowsDownPutsGoOnAndAfterRecoveryItHasTheKey() {
    startCluster(robot);

    robot.rightClickOn("#node-slave_1");
    robot.clickOn("Fail (SIGKILL)");
    awaitText(robot, "#status-slave_1", "down", SHORT);

    put(robot, "during-failure", "still-works");
    awaitText(robot, "#result-label", "put during-failure = still-works · stored", SHORT);

    robot.clickOn("#node-slave_1");
    robot.clickOn("#action-recover");
    awaitText(robot, "#status-slave_1", "serving", LabFixture.CLUSTER_TIMEOUT);
    await()
        .alias("slave_1's inspector lists the key written while it was down")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        robot.lookup("#inspector-keys").queryTableView().getItems().stream()
                            .map(e -> ((dev.caplab.client.NodeSnapshot.Entry) e).key())
                            .anyMatch("during-failure"::equals)));
    awaitText(robot, "#keys-slave_1", "1 key", SHORT);
  }

  private void startCluster(FxRobot robot) {
    robot.clickOn("#start-button");
    for (String node : new String[] {"master", "slave_1", "slave_2"}) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
  }

  private static void put(FxRobot robot, String key, String value) {
    robot.doubleClickOn("#key-field").eraseText(40).write(key);
    robot.doubleClickOn("#value-field").eraseText(40).write(value);
    robot.clickOn("#put-button");
  }
}
