package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Starts a real decentralized (weighted quorum) cluster from the GUI and watches a write gather its
 * votes.
 */
class DecentralizedUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.decentralized(dir, 24110));
  }

  @Test
  void aPutShowsTheVoteMeterReachingThreeOfThreeNeeded() {
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
