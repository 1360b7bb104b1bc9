package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Lesson 07's stale read on a real cluster with weak quorums (read 1, write 2 of 4 votes): the
 * overlay outlines the write quorum of the put and the read quorum of the following get, which
 * share no node, and the verdict's stale read pins that pair.
 */
class QuorumOverlayUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(
        TestConfigs.write(
            dir.resolve("weak-quorums.yaml"),
            """
        read_quorum: 1
        write_quorum: 2
        unsafe_quorums: true
        request_timeout_ms: %d
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 31010, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 31011, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 31012, weight: 1}
        """
                .formatted(TestConfigs.TIMEOUT_MS)));
  }

  @Test
  void theOverlayShowsThePutAndTheStaleGetWhoseQuorumsShareNoNode() {
    robot.clickOn("#start-button");
    for (String node : new String[] {"node_0", "node_1", "node_2"}) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    op(robot, "put", "node_1", "old", "put k = old · stored at node_1");
    await()
        .alias("node_0 holds the old value")
        .atMost(SHORT)
        .until(
            () -> fx(() -> fixture.lab.node("node_0").orElseThrow().keyCountProperty().get() == 1));
    await()
        .alias("the put's write quorum outlined")
        .atMost(SHORT)
        .until(() -> fx(() -> robot.lookup("#quorum-w-node_1").tryQuery().isPresent()));
    awaitText(robot, "#quorum-line-0", "write quorum: ", SHORT);

    fx(
        () -> {
          fixture.lab.actions().isolate("node_0");
          return null;
        });
    await()
        .alias("node_0 cut off")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        fixture.lab.links().link("node_0", "node_1").get().cutBothWays()
                            && fixture.lab.links().link("node_0", "node_2").get().cutBothWays()));
    op(robot, "put", "node_2", "new", "put k = new · stored at node_2");
    op(robot, "get", "node_0", "", "get k = old · from node_0");

    await()
        .alias("the stale pair pinned")
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () -> {
                      QuorumViewModel.Overlay o = fixture.lab.quorum().overlayProperty().get();
                      return o != null && o.pinned() && o.read() != null && o.write() != null;
                    }));
    QuorumViewModel.Overlay o = fx(() -> fixture.lab.quorum().overlayProperty().get());
    assertThat(o.write().coordinator()).isEqualTo("node_2");
    assertThat(o.write().voters()).doesNotContain("node_0").contains("node_1");
    assertThat(o.read().voters()).containsExactly("node_0");
    assertThat(o.both()).isEmpty();
    assertThat(o.stale()).isTrue();
    awaitText(robot, "#quorum-line-1", "read quorum: node_0 = 1 ≥ Qr 1 · get k at node_0", SHORT);
    awaitText(robot, "#quorum-line-2", "in both: none", SHORT);
    assertThat(fx(() -> robot.lookup("#quorum-r-node_0").tryQuery().isPresent())).isTrue();
    assertThat(fx(() -> robot.lookup("#quorum-w-node_0").tryQuery().isPresent())).isFalse();
    assertThat(fx(() -> robot.lookup("#quorum-w-node_1").tryQuery().isPresent())).isTrue();
    assertThat(fx(() -> cardsUnderTheCaption(robot)))
        .as("the caption covers no node card, weight or phase banner")
        .isEmpty();

    // A short topology (the lower tabs dragged up, as for the charts): no corner holds the whole
    // caption beside the cards, so it shrinks to one line rather than cover one.
    fx(
        () -> {
          javafx.scene.Parent body = robot.lookup("#lower-tabs").query().getParent();
          while (!(body instanceof javafx.scene.control.SplitPane)) {
            body = body.getParent();
          }
          ((javafx.scene.control.SplitPane) body).setDividerPositions(0.3);
          return null;
        });
    awaitText(robot, "#quorum-title", "Quorum overlay · hover to read", SHORT);
    assertThat(fx(() -> cardsUnderTheCaption(robot)))
        .as("the shrunk caption covers no node card, weight or phase banner")
        .isEmpty();

    robot.clickOn("#quorum-dismiss");
    await()
        .alias("overlay dismissed")
        .atMost(SHORT)
        .until(() -> fx(() -> !robot.lookup("#quorum-caption").query().isVisible()));
  }

  /** Ids of the node cards' parts (card, weight tag, banner) that the caption overlaps. */
  private static java.util.List<String> cardsUnderTheCaption(FxRobot robot) {
    javafx.scene.Node caption = robot.lookup("#quorum-caption").query();
    javafx.geometry.Bounds box = caption.localToScene(caption.getBoundsInLocal());
    java.util.List<String> covered = new java.util.ArrayList<>();
    for (String part : new String[] {".node-card", ".role-chip", ".phase-banner"}) {
      for (javafx.scene.Node n : robot.lookup(part).queryAll()) {
        if (n.isVisible() && n.localToScene(n.getBoundsInLocal()).intersects(box)) {
          covered.add(part + " at " + n.localToScene(n.getBoundsInLocal()) + ", caption at " + box);
        }
      }
    }
    return covered;
  }

  private void op(FxRobot robot, String op, String node, String value, String result) {
    fx(
        () -> {
          fixture.lab.console().targetProperty().set(node);
          fixture.lab.console().keyProperty().set("k");
          fixture.lab.console().valueProperty().set(value);
          return null;
        });
    robot.clickOn(op.equals("put") ? "#put-button" : "#get-button");
    await()
        .alias(op + " answered: " + result)
        .atMost(SHORT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> LabFixture.text(robot, "#result-label"), t -> t != null && t.contains(result));
  }
}
