package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** Controls offered only when they can act, and saying why otherwise; over a fake cluster. */
class LabControlsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 26120));
  }

  @Test
  void beforeStartNoNodeActionsAndNoPutOrGetAreOffered() {
    awaitText(robot, "#status-master", "stopped", SHORT);
    assertThat(visible(robot, "#inspector-actions")).isFalse();
    assertThat(disabled(robot, "#put-button")).isTrue();
    assertThat(disabled(robot, "#get-button")).isTrue();
    robot.rightClickOn("#node-slave_1");
    assertThat(fx(() -> robot.lookup("#menu-recover").tryQuery().isPresent())).isFalse();
    robot.clickOn(
        "Start the cluster to act on its nodes"); // the one (disabled) entry: closes the menu

    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    await()
        .atMost(SHORT)
        .until(() -> visible(robot, "#inspector-actions") && !disabled(robot, "#put-button"));
  }

  @Test
  void aGetSaysTheValueAndWhereItCameFrom() {
    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    robot.clickOn("#key-field").write("x");
    robot.clickOn("#value-field").write("1");
    robot.clickOn("#put-button");
    awaitText(robot, "#result-label", "put x = 1 · stored at master · 3.1 ms", SHORT);
    robot.clickOn("#get-button");
    awaitText(robot, "#result-label", "get x = 1 · from master · 3.1 ms", SHORT);
  }

  @Test
  void whileRunningTheConfigPickerSaysHowToChangeIt() {
    assertThat(fx(() -> robot.lookup("#config-holder").queryAs(Label.class).getTooltip())).isNull();
    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    Tooltip tip = fx(() -> robot.lookup("#config-holder").queryAs(Label.class).getTooltip());
    assertThat(tip.getText()).isEqualTo("Stop the cluster to change its config");
    assertThat(disabled(robot, "#config-box")).isTrue();
  }

  @Test
  void theCardsGrowWithTheWindow() {
    awaitText(robot, "#status-master", "stopped", SHORT);
    robot.interact(
        () -> {
          stage.setWidth(1280);
          stage.setHeight(800);
        });
    double small = fx(() -> robot.lookup("#node-master").query().getScaleX());
    robot.interact(
        () -> {
          stage.setWidth(1920);
          stage.setHeight(1080);
        });
    await()
        .atMost(SHORT)
        .until(() -> fx(() -> robot.lookup("#node-master").query().getScaleX()) > small + 0.2);
  }

  @Test
  void theLegendShowsEveryTokenStyleAndALinkMeter() {
    java.util.Set<String> styles =
        fx(
            () ->
                robot.lookup("#legend").queryParent().getChildrenUnmodifiable().stream()
                    .flatMap(n -> n.getStyleClass().stream())
                    .collect(java.util.stream.Collectors.toSet()));
    for (MessageKind kind : MessageKind.values()) {
      assertThat(styles).contains(kind.styleClass());
    }
    assertThat(styles).contains("token-waiting", "token-lost", "legend-meter-text");
  }

  @Test
  void statesAndMessagesExplainThemselvesAndFrameStatisticsWaitForTheDebugToggle() {
    awaitText(robot, "#status-master", "stopped", SHORT);
    assertThat(visible(robot, "#frame-label")).isFalse();
    robot.clickOn("#debug-toggle");
    assertThat(visible(robot, "#frame-label")).isTrue();

    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    robot.interact(
        () ->
            fixture
                .lab
                .events()
                .onEvents(
                    java.util.List.of(
                        Ev.event(
                            "slave_1",
                            1,
                            "NODE_STATUS",
                            "no-lease",
                            "",
                            "",
                            0,
                            0,
                            "the read lease ran out",
                            0),
                        Ev.sent("slave_1", 2, "master", "tx-status", "k"))));
    awaitText(robot, "#status-slave_1", "no lease", SHORT);
    assertThat(
            fx(() -> robot.lookup("#status-slave_1").queryAs(Label.class).getTooltip().getText()))
        .contains(
            "no lease — A slave answers reads from its own copy only while it holds a read lease");
    await()
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        robot
                            .lookup("#event-table .table-cell")
                            .queryAllAs(javafx.scene.control.TableCell.class)
                            .stream()
                            .anyMatch(
                                c ->
                                    c.getTooltip() != null
                                        && c.getTooltip()
                                            .getText()
                                            .startsWith(
                                                "tx-status — A slave in doubt asking the master"))));
  }

  private static boolean visible(FxRobot robot, String query) {
    return fx(() -> robot.lookup(query).tryQuery().map(Node::isVisible).orElse(false));
  }

  private static boolean disabled(FxRobot robot, String query) {
    return fx(() -> robot.lookup(query).query().isDisabled());
  }
}
