package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.NodeEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import javafx.geometry.Point2D;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Cuts one link of a real decentralized cluster one way from the topology's link menu: the event
 * log shows that direction's messages dropped and the other direction's delivered; heal restores
 * both. The drawing follows the rules the nodes report, also when one of them restarts and forgets
 * its rules.
 */
class LinkFaultsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.decentralized(dir, 31000));
  }

  @Test
  void cuttingOneLinkOneWayDropsExactlyThatDirectionUntilHealed() {
    robot.clickOn("#start-button");
    for (String node : new String[] {"node_0", "node_1", "node_2"}) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }

    openLinkMenu(robot);
    robot.clickOn("#link-cut-node_0-node_1");
    awaitLink(s -> s.from("node_0").cut() && s.from("node_1").open());
    await()
        .alias("the cut is drawn near node_0")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        robot.lookup("#link-node_0-node_1 .link-mark-cut").tryQuery().isPresent()));

    // node_1 coordinates a put (its requests reach node_0; node_0's answers do not come back), then
    // node_0 one.
    put(robot, "node_1", "one-way", "a", "put one-way = a · stored at node_1");
    put(robot, "node_0", "one-way", "b", "put one-way = b · ");
    await()
        .alias("node_0's messages to node_1 shown as dropped, node_1's to node_0 as received")
        .atMost(SHORT)
        .until(
            () ->
                !rows("one-way", e -> sent(e, "node_0", "node_1")).isEmpty()
                    && !rows("one-way", e -> received(e, "node_0", "node_1")).isEmpty()
                    && !rows(
                            "one-way",
                            e -> e.node().equals("node_0") && e.type().equals("CLIENT_REPLY"))
                        .isEmpty());
    assertThat(rows("one-way", e -> sent(e, "node_0", "node_1")))
        .allSatisfy(e -> assertThat(e.detail()).isEqualTo("dropped"));
    assertThat(rows("one-way", e -> received(e, "node_1", "node_0"))).isEmpty();
    assertThat(rows("one-way", e -> sent(e, "node_1", "node_0")))
        .noneMatch(e -> e.detail().equals("dropped"));

    openLinkMenu(robot);
    robot.clickOn("#link-heal");
    awaitLink(LinkState::open);
    put(robot, "node_0", "healed", "c", "put healed = c · stored at node_0");
    await()
        .alias("node_1 hears node_0 again")
        .atMost(SHORT)
        .until(() -> !rows("healed", e -> received(e, "node_1", "node_0")).isEmpty());
    assertThat(rows("healed", e -> sent(e, "node_0", "node_1")))
        .noneMatch(e -> e.detail().equals("dropped"));
  }

  @Test
  void aRestartedNodeForgetsItsRulesAndTheLinkIsDrawnSo() {
    robot.clickOn("#start-button");
    for (String node : new String[] {"node_0", "node_1", "node_2"}) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    openLinkMenu(robot);
    robot.clickOn("#link-cut-both");
    awaitLink(LinkState::cutBothWays);

    fx(
        () -> {
          fixture.lab.actions().fail("node_1");
          return null;
        });
    awaitText(robot, "#status-node_1", "down", SHORT);
    fx(
        () -> {
          fixture.lab.actions().recover("node_1");
          return null;
        });
    awaitText(robot, "#status-node_1", "serving", LabFixture.CLUSTER_TIMEOUT);

    // node_0 still drops what it sends to node_1; node_1 came back without rules: a one-way cut
    // now.
    awaitLink(s -> s.from("node_0").cut() && s.from("node_1").open());
    await()
        .alias("one cut mark, near node_0")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        robot.lookup("#link-node_0-node_1 .link-mark-cut").queryAll().size() == 1));
    assertThat(fx(() -> fixture.lab.links().link("node_0", "node_1").get().describe()))
        .contains("node_0 → node_1: cut")
        .contains("node_1 → node_0: open");
  }

  private void openLinkMenu(FxRobot robot) {
    Point2D middle =
        fx(() -> robot.lookup("#link-node_0-node_1").queryAs(LinkView.class).midpointOnScreen());
    robot.clickOn(middle);
    await()
        .alias("link menu open")
        .atMost(SHORT)
        .until(() -> fx(() -> robot.lookup("#link-heal").tryQuery().isPresent()));
  }

  private void awaitLink(Predicate<LinkState> wanted) {
    await()
        .alias("link node_0-node_1 as the nodes report it")
        .atMost(SHORT)
        .until(() -> fx(() -> wanted.test(fixture.lab.links().link("node_0", "node_1").get())));
  }

  private void put(FxRobot robot, String node, String key, String value, String result) {
    fx(
        () -> {
          fixture.lab.console().targetProperty().set(node);
          fixture.lab.console().keyProperty().set(key);
          fixture.lab.console().valueProperty().set(value);
          return null;
        });
    robot.clickOn("#put-button");
    await()
        .alias("put " + key + " answered: " + result)
        .atMost(SHORT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> LabFixture.text(robot, "#result-label"),
            t -> t != null && t.contains(result) && !t.contains("pending"));
  }

  private List<NodeEvent> rows(String key, Predicate<NodeEvent> match) {
    return fx(
        () ->
            fixture.lab.eventLog().visible().stream()
                .filter(e -> e.key().equals(key))
                .filter(match)
                .toList());
  }

  private static boolean sent(NodeEvent e, String from, String to) {
    return e.node().equals(from) && e.type().equals("SENT") && e.peer().equals(to);
  }

  private static boolean received(NodeEvent e, String at, String from) {
    return e.node().equals(at) && e.type().equals("RECEIVED") && e.peer().equals(from);
  }
}
