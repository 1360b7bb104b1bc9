package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The live verdict on real clusters: red on a real stale read, green through faults under load. */
class VerdictUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  @Override
  void open(LabViewModel lab) {}

  @Test
  void aStaleReadUnderWeakQuorumsTurnsTheBadgeRedAndClickingItHighlightsThePutAndTheGet() {
    load(
        TestConfigs.write(
            dir.resolve("weak.yaml"),
            """
        read_quorum: 1
        write_quorum: 1
        unsafe_quorums: true
        request_timeout_ms: %d
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 27400, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 27401, weight: 1}
          - {id: node_2, ip: 127.0.0.1, port: 27402, weight: 1}
        """
                .formatted(TestConfigs.TIMEOUT_MS)));
    startCluster(robot, "node_0", "node_1", "node_2");

    robot.rightClickOn("#node-node_2");
    robot.clickOn("Isolate (partition)");
    await()
        .atMost(SHORT)
        .until(() -> fx(() -> fixture.lab.node("node_2").orElseThrow().isolatedProperty().get()));
    robot.clickOn("#key-field").write("color");
    robot.clickOn("#value-field").write("red");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put color = red · stored at node_0", SHORT);
    awaitText(robot, "#verdict-badge", "linearizable · 1 ops", SHORT);

    robot.clickOn("#target-box");
    javafx.scene.Node node2 =
        fx(
            () ->
                robot
                    .lookup(".combo-box-popup .list-cell")
                    .match(org.testfx.matcher.control.LabeledMatchers.hasText("node_2"))
                    .query());
    robot.clickOn(node2);
    robot.clickOn("#get-button");
    awaitText(robot, "#result-label", "get color · not found · from node_2", SHORT);
    awaitText(robot, "#verdict-badge", "stale read: get(color) → null", SHORT);
    assertThat(LabFixture.text(robot, "#verdict-badge"))
        .contains("after put(color, red) completed at");

    robot.clickOn("#verdict-badge");
    Set<String> rows =
        fx(
            () ->
                fixture.lab.console().history().stream()
                    .map(OpRecord::ref)
                    .collect(Collectors.toSet()));
    await()
        .alias("the put and the get are highlighted in the console")
        .atMost(SHORT)
        .until(() -> fx(() -> fixture.lab.console().involvedProperty().get()), rows::equals);
    assertThat(
            fx(
                () ->
                    robot
                        .lookup(".history .table-row-cell:involved")
                        .queryAllAs(ConsoleRow.class)
                        .stream()
                        .filter(row -> row.isVisible() && row.getItem() != null)
                        .map(row -> row.getItem().op())
                        .sorted()
                        .toList()))
        .containsExactly("get", "put");
    assertThat(
            fx(
                () ->
                    fixture.lab.timeline().marks().stream()
                        .filter(fixture.lab.timeline()::highlighted)
                        .map(m -> m.node() + " " + m.label())
                        .distinct()
                        .sorted()
                        .toList()))
        .as("the time-space diagram rings the client requests and replies of both")
        .containsExactly("node_0 put", "node_2 get");
  }

  @Test
  void theBadgeStaysGreenWhileTheLoadRunsThroughASlaveCrashAndRecovery() {
    load(TestConfigs.centralized(dir, 27410));
    startCluster(robot, "master", "slave_1", "slave_2");
    robot.clickOn("#load-toggle");
    awaitOps(40);

    robot.rightClickOn("#node-slave_1");
    robot.clickOn("Fail (SIGKILL)");
    awaitText(robot, "#status-slave_1", "down", SHORT);
    int before = ops();
    awaitOps(before + 40);
    robot.clickOn("#node-slave_1");
    robot.clickOn("#action-recover");
    awaitText(robot, "#status-slave_1", "serving", LabFixture.CLUSTER_TIMEOUT);
    awaitOps(ops() + 40);

    assertThat(fx(() -> fixture.lab.verdict().stateProperty().get()))
        .isEqualTo(VerdictViewModel.State.OK);
    assertThat(LabFixture.text(robot, "#verdict-badge")).startsWith("linearizable · ");
    assertThat(fx(() -> fixture.lab.load().summaryProperty().get())).contains("done");
  }

  private void load(Path config) {
    robotless(() -> fixture.lab.loadConfig(config));
    await().atMost(SHORT).until(() -> fx(() -> fixture.lab.configProperty().get() != null));
  }

  private void startCluster(FxRobot robot, String... nodes) {
    robot.clickOn("#start-button");
    for (String node : List.of(nodes)) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
  }

  private int ops() {
    return fx(
        () ->
            fixture.lab.verdict().lastProperty().get() == null
                ? 0
                : fixture.lab.verdict().lastProperty().get().operations());
  }

  private void awaitOps(int atLeast) {
    await()
        .alias("the verdict has judged " + atLeast + " operations")
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .until(() -> ops() >= atLeast);
    assertThat(fx(() -> fixture.lab.verdict().stateProperty().get()))
        .as(() -> fx(() -> fixture.lab.verdict().textProperty().get()))
        .isEqualTo(VerdictViewModel.State.OK);
  }

  private static void robotless(Runnable onFx) {
    fx(
        () -> {
          onFx.run();
          return null;
        });
  }
}
