package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A message token travels between two cards; from the moment it leaves to the moment it lands (and
 * while it waits there) it must hide no card, so that neither node's status nor its phase banner is
 * ever covered. Where the cards leave room (1280x800) the whole token stays clear of them; where
 * they nearly touch (1024x660) it may slide under a card, never over it. Every link is tried both
 * ways, with every banner showing.
 */
class TokensClearOfCardsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);
  private static final long FRAME_NANOS = 70_000_000L; // a tenth of a trip at speed 1

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  @ParameterizedTest
  @CsvSource({
    "centralized, 1280, 800, true",
    "decentralized, 1280, 800, true",
    "centralized, 1024, 660, false",
    "decentralized, 1024, 660, false"
  })
  void aTokenNeverCoversACardOrItsBanner(
      String mode, double width, double height, boolean roomToSpare) {
    Path config =
        mode.equals("centralized")
            ? TestConfigs.centralized(dir, 26160)
            : TestConfigs.decentralized(dir, 26160);
    loadAt(config, width, height);
    await().atMost(SHORT).until(() -> fx(() -> robot.lookup(".node-card").queryAll().size()) == 3);
    List<String> ids = fx(() -> fixture.lab.nodes().stream().map(NodeViewModel::id).toList());
    awaitText(robot, "#status-" + ids.get(0), "stopped", SHORT);
    long start =
        fx(
            () -> {
              fixture.app.clock().stop(); // the test moves the tokens frame by frame
              // Long banners, as in a transaction: every card shows one.
              fixture.lab.nodes().forEach(n -> n.onState("PREPARED", "12345"));
              MessageFlow flow = fixture.lab.flow();
              long seq = 0;
              for (String from : ids) {
                for (String to : ids) {
                  if (!from.equals(to) && linked(from, to)) {
                    flow.onEvent(Ev.sent(from, ++seq, to, "prepare", "key-" + from));
                  }
                }
              }
              long now = System.nanoTime(); // after the frame clock's last tick
              flow.tick(now);
              return now;
            });

    List<String> covered = new ArrayList<>();
    List<String> under = new ArrayList<>();
    int drawn = 0;
    for (int frame = 0; frame <= 10; frame++) {
      long now = start + frame * FRAME_NANOS;
      drawn = Math.max(drawn, fx(() -> tokens().size()));
      fx(
          () -> {
            fixture.lab.flow().tick(now);
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
            overlaps(covered, under);
            return null;
          });
    }
    assertThat(drawn).as("tokens drawn").isEqualTo(mode.equals("centralized") ? 4 : 6);
    assertThat(covered).as("cards and banners a token covered").isEmpty();
    if (roomToSpare) {
      assertThat(under).as("cards and banners a token slid under").isEmpty();
    }
  }

  private boolean linked(String a, String b) {
    return fixture.lab.configProperty().get().mode() == Mode.DECENTRALIZED
        || a.equals("master")
        || b.equals("master");
  }

  /** On the FX thread: the tokens on the links (the legend's samples share their style class). */
  private List<TokenView> tokens() {
    return robot.lookup(".token").queryAll().stream()
        .filter(TokenView.class::isInstance)
        .map(TokenView.class::cast)
        .toList();
  }

  /**
   * On the FX thread: each token that overlaps a card or a showing banner, in covered when it is
   * drawn over it, in under when beneath it.
   */
  private void overlaps(List<String> covered, List<String> under) {
    for (TokenView token : tokens()) {
      Bounds t = token.localToScene(token.getBoundsInLocal());
      for (NodeViewModel n : fixture.lab.nodes()) {
        Node card = robot.lookup("#node-" + n.id() + " .node-card").query();
        Node banner = robot.lookup("#phase-" + n.id()).query();
        for (Node hidden : banner.isVisible() ? List.of(card, banner) : List.of(card)) {
          if (t.intersects(hidden.localToScene(hidden.getLayoutBounds()))) {
            String what =
                "'"
                    + token.getText()
                    + "' at "
                    + t
                    + " and "
                    + n.id()
                    + "'s "
                    + (hidden == card ? "card" : "banner");
            (drawnBelow(token, hidden) ? under : covered).add(what);
          }
        }
      }
    }
  }

  /** Whether a is painted before (under) b: their branches' order below their common ancestor. */
  private static boolean drawnBelow(Node a, Node b) {
    List<Node> aPath = new ArrayList<>();
    for (Node n = a; n != null; n = n.getParent()) {
      aPath.add(n);
    }
    Node bChild = b;
    for (Node n = b.getParent(); n != null; bChild = n, n = n.getParent()) {
      int i = aPath.indexOf(n);
      if (i > 0) {
        List<Node> children = ((javafx.scene.Parent) n).getChildrenUnmodifiable();
        return children.indexOf(aPath.get(i - 1)) < children.indexOf(bChild);
      }
    }
    throw new IllegalStateException(a + " and " + b + " are not in one scene");
  }
}
