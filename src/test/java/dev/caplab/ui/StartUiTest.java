package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the window says while a cluster comes up, over a fake cluster whose nodes serve when the
 * test says.
 */
class StartUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return (config, data, events, executor, processes) -> {
      ClusterGateway g =
          FakeCluster.factory(opened).open(config, data, events, executor, processes);
      opened.getNow(null).serveAtOnce = false;
      return g;
    };
  }

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 26110));
  }

  @Test
  void cardsAndInspectorSayStartingWithElapsedTimeUntilTheNodesServe() {
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
