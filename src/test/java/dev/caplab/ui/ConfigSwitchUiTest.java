package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;

/** Switching to another config leaves nothing of the last cluster behind. */
class ConfigSwitchUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  @Override
  void open(LabViewModel lab) throws Exception {
    lab.loadConfig(TestConfigs.centralized(Files.createDirectories(dir.resolve("c")), 26140));
  }

  @Test
  void theNextConfigStartsWithFreshFiltersAndAnEmptyHistory() throws Exception {
    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    robot.clickOn("#key-field").write("k");
    robot.clickOn("#value-field").write("v");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "stored at master", SHORT);
    robot.interact(
        () -> {
          fixture.lab.events().onEvents(List.of(Ev.sent("master", 1, "slave_1", "prepare", "k")));
          fixture.lab.eventLog().kindProperty().set("STATE");
        });
    awaitText(
        robot, "#log-empty-text", "The filters (kind STATE) hide all 1 events listed.", SHORT);

    robot.clickOn("#stop-button");
    await()
        .atMost(SHORT)
        .until(() -> fx(() -> fixture.lab.phaseProperty().get()) == ClusterPhase.IDLE);
    Path decentralized =
        TestConfigs.decentralized(Files.createDirectories(dir.resolve("d")), 26145);
    robot.interact(() -> fixture.lab.loadConfig(decentralized));
    awaitText(robot, "#status-node_0", "stopped", SHORT);

    assertThat(fx(() -> robot.lookup("#history-table").queryAs(TableView.class).getItems()))
        .isEmpty();
    assertThat(LabFixture.text(robot, "#result-label")).isEmpty();
    assertThat(fx(() -> fixture.lab.eventLog().kindProperty().get()))
        .isEqualTo(EventLogViewModel.ALL);
    assertThat(LabFixture.text(robot, "#log-empty-text"))
        .startsWith("Events from the nodes appear here");
  }
}
