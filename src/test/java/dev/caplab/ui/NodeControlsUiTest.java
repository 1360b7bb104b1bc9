package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The node controls a teacher uses (slow, restore, shortcuts), over a fake cluster. */
class NodeControlsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 26100));
  }

  @Test
  void aSlowedNodeCanBeRestoredWhateverItsProtocolStatusSays() {
    startCluster(robot);
    robot.clickOn("#node-slave_1");
    robot.clickOn("#action-slow");
    awaitText(robot, "#slowed-slave_1", "slowed 2 s", SHORT);

    // The master excludes the slowed slave: its status changes, its slowness stays and can be
    // undone.
    robot.interact(
        () ->
            fixture
                .lab
                .events()
                .onEvents(
                    List.of(
                        Ev.event(
                            "master",
                            1,
                            "STATE",
                            "EXCLUDED",
                            "slave_1",
                            "",
                            0,
                            0,
                            "did not answer prepare",
                            0))));
    awaitText(robot, "#status-slave_1", "excluded", SHORT);
    assertThat(visible(robot, "#action-restore")).isTrue();
    assertThat(visible(robot, "#action-slow")).isFalse();

    robot.clickOn("#action-restore");
    await().atMost(SHORT).until(() -> cluster().calls.contains("restore slave_1"));
    await().atMost(SHORT).until(() -> !visible(robot, "#slowed-slave_1"));
    assertThat(visible(robot, "#action-slow")).isTrue();
  }

  @Test
  void theMastersMenuArmsACrashRightAfterPrepareAndASlaveHasNoCrashPoints() {
    startCluster(robot);
    robot.rightClickOn("#node-slave_1");
    assertThat(visible(robot, "#menu-crash")).isFalse();
    robot.type(KeyCode.ESCAPE);

    robot.rightClickOn("#node-master");
    robot.clickOn("#menu-crash");
    robot.clickOn("#menu-crash-after-prepare");
    await().atMost(SHORT).until(() -> cluster().calls.contains("armCrash master after-prepare"));
    awaitText(robot, "#message-label", "master will crash after-prepare", SHORT);
  }

  @Test
  void clickingACardTakesTheFocusSoThatSSlowsTheNodeInsteadOfTyping() {
    startCluster(robot);
    robot.clickOn("#value-field").write("3");
    robot.clickOn("#node-slave_2");
    robot.type(KeyCode.S);

    await().atMost(SHORT).until(() -> cluster().calls.contains("slowDown slave_2 2"));
    assertThat(fx(() -> fixture.lab.console().valueProperty().get())).isEqualTo("3");
    awaitText(robot, "#slowed-slave_2", "slowed 2 s", SHORT);
  }

  private void startCluster(FxRobot robot) {
    robot.clickOn("#start-button");
    for (String node : new String[] {"master", "slave_1", "slave_2"}) {
      awaitText(robot, "#status-" + node, "serving", SHORT);
    }
  }

  private FakeCluster cluster() {
    return opened.getNow(null);
  }

  private static boolean visible(FxRobot robot, String query) {
    return fx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
  }
}
