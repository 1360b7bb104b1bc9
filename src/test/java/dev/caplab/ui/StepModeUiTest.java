package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/**
 * Step mode on a real centralized cluster: the coordinator crashes after one slave prepared, that
 * slave blocks in doubt, and the master's recovery resolves it.
 */
class StepModeUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 27100));
  }

  @Test
  void aSlavePreparedBeforeTheMasterCrashedStaysInDoubtUntilTheMasterRecovers() {
    robot.clickOn("#step-toggle"); // before Start: each node holds as soon as it serves
    robot.clickOn("#start-button");
    for (String node : List.of("master", "slave_1", "slave_2")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    awaitText(robot, "#held-count", "0 held · 3 nodes holding", SHORT);

    robot.clickOn("#key-field").write("color");
    robot.clickOn("#value-field").write("red");
    robot.clickOn("#put-button");
    await()
        .alias("both prepares parked at the master")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        "step "
                            + fixture.lab.step().onProperty().get()
                            + ", parked "
                            + fixture.lab.step().parked()
                            + ", console "
                            + fixture.lab.console().history()),
            seen -> parked("prepare").size() == 2);
    assertThat(
            fx(
                () ->
                    robot
                        .lookup("#history-table")
                        .<TableView<OpRecord>>query()
                        .getItems()
                        .get(0)
                        .pending()))
        .as("the put waits in the console")
        .isTrue();
    awaitText(robot, "#held-count", "2 held", SHORT);

    StepModeViewModel.Parked toSlave1 =
        parked("prepare").stream().filter(p -> p.to().equals("slave_1")).findFirst().orElseThrow();
    assertThat(LabFixture.text(robot, "#parked-master-" + toSlave1.id())).contains("prepare tx");
    robot.clickOn("#parked-master-" + toSlave1.id());
    awaitText(robot, "#phase-slave_1", "PREPARED", SHORT);
    assertThat(parked("prepare"))
        .extracting(StepModeViewModel.Parked::to)
        .containsExactly("slave_2");

    robot.rightClickOn("#node-master");
    robot.clickOn("Fail (SIGKILL)");
    awaitText(robot, "#status-master", "down", SHORT);
    awaitText(robot, "#status-slave_1", "in doubt", SHORT);
    awaitText(robot, "#blocked-slave_1", "(color) blocked", SHORT);
    assertThat(parked("prepare")).as("the dead master's queue died with it").isEmpty();

    robot.clickOn("#node-master");
    robot.clickOn("#action-recover");
    awaitText(robot, "#status-master", "serving", LabFixture.CLUSTER_TIMEOUT);
    await()
        .alias("slave_1's transaction is resolved once the master is back")
        .atMost(SHORT)
        .until(() -> fx(() -> fixture.lab.inDoubt().blocked().isEmpty()));
    awaitText(robot, "#phase-slave_1", "ABORTED", SHORT);
    assertThat(fx(() -> fixture.lab.step().onProperty().get()))
        .as("the restarted master holds again")
        .isTrue();
    awaitText(robot, "#held-count", "3 nodes holding", LabFixture.CLUSTER_TIMEOUT);
  }

  @Test
  void aDroppedPrepareLetsTheMasterCommitWithoutThatSlaveOnceStepModeDeliversTheRest() {
    robot.clickOn("#start-button");
    for (String node : List.of("master", "slave_1", "slave_2")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    robot.clickOn("#step-toggle");
    awaitText(robot, "#held-count", "0 held · 3 nodes holding", SHORT);

    robot.clickOn("#key-field").write("planet");
    robot.clickOn("#value-field").write("mars");
    robot.clickOn("#put-button");
    await()
        .alias("both prepares parked at the master")
        .atMost(SHORT)
        .until(() -> parked("prepare").size() == 2);
    StepModeViewModel.Parked toSlave2 =
        parked("prepare").stream().filter(p -> p.to().equals("slave_2")).findFirst().orElseThrow();
    robot.rightClickOn("#parked-master-" + toSlave2.id());
    await().atMost(SHORT).until(() -> parked("prepare").size() == 1);
    robot
        .clickOn("#topology")
        .type(javafx.scene.input.KeyCode.N); // delivers the oldest: slave_1's prepare
    awaitText(robot, "#phase-slave_1", "PREPARED", SHORT);

    robot.clickOn("#step-toggle"); // leaving step mode delivers whatever the master holds next
    awaitText(robot, "#result-label", "put planet = mars · stored at master", SHORT);
    awaitText(robot, "#phase-slave_1", "COMMITTED", SHORT); // exclude: committed without slave_2
    assertThat(parked("commit")).isEmpty();
  }

  private List<StepModeViewModel.Parked> parked(String type) {
    return fx(
        () -> fixture.lab.step().parked().stream().filter(p -> p.type().equals(type)).toList());
  }
}
