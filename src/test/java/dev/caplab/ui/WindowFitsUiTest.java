package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.NodeEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A classroom projector is often 1280×800 or smaller: every control of the toolbars, the console,
 * the inspector and the status line must lie inside the window, not past its right or bottom edge.
 */
class WindowFitsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);

  /** Controls a teacher must always be able to see and click, whatever the window's size. */
  private static final List<String> CONTROLS =
      List.of(
          "#config-box",
          "#start-button",
          "#attach-button",
          "#stop-button",
          "#compare-button",
          "#background-toggle",
          "#speed-slider",
          "#speed-label",
          "#pause-button",
          "#step-toggle",
          "#load-toggle",
          "#lessons-menu",
          "#record-button",
          "#verdict-badge",
          "#key-field",
          "#value-field",
          "#target-box",
          "#put-button",
          "#get-button",
          "#inspector-title",
          "#inspector-tabs",
          "#message-label",
          "#debug-toggle");

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  /** Step mode adds its held count and buttons to the second toolbar row. */
  @ParameterizedTest
  @CsvSource({"1280, 800, false", "1024, 660, false", "1280, 800, true", "1024, 660, true"})
  void everyControlIsInsideTheWindow(double width, double height, boolean stepMode) {
    loadAt(TestConfigs.centralized(dir, 26140), width, height);
    awaitText(robot, "#status-master", "stopped", SHORT);
    List<String> controls = new ArrayList<>(CONTROLS);
    if (stepMode) {
      fx(
          () -> {
            fixture.lab.step().setOn(true);
            return null;
          });
      controls.addAll(List.of("#held-count", "#deliver-next", "#deliver-all"));
    }
    List<String> outside =
        fx(
            () -> {
              stage.getScene().getRoot().applyCss();
              stage.getScene().getRoot().layout();
              double sceneWidth = stage.getScene().getWidth();
              double sceneHeight = stage.getScene().getHeight();
              List<String> found = new ArrayList<>();
              for (String id : controls) {
                Node node = robot.lookup(id).query();
                Bounds b = node.localToScene(node.getBoundsInLocal());
                if (b.getMaxX() > sceneWidth + 0.5 || b.getMaxY() > sceneHeight + 0.5) {
                  found.add(id + " ends at " + (int) b.getMaxX() + "," + (int) b.getMaxY());
                }
              }
              return found;
            });
    assertThat(outside).as("controls past the edge of a %sx%s window", width, height).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"centralized, 1280, 800", "centralized, 1024, 660", "decentralized, 1024, 660"})
  void theLegendCoversNoNodeCard(String mode, double width, double height) {
    Path config =
        mode.equals("centralized")
            ? TestConfigs.centralized(dir, 26140)
            : TestConfigs.decentralized(dir, 26140);
    loadAt(config, width, height);
    await().atMost(SHORT).until(() -> fx(() -> robot.lookup(".node-card").queryAll().size()) == 3);
    List<String> covered =
        fx(
            () -> {
              stage.getScene().getRoot().layout();
              Node legend = robot.lookup("#legend").query();
              Bounds key = legend.localToScene(legend.getBoundsInLocal());
              List<String> found = new ArrayList<>();
              for (Node card : robot.lookup(".node-card").queryAll()) {
                Bounds b = card.localToScene(card.getLayoutBounds()); // not its shadow
                if (b.intersects(key)) {
                  found.add(card.getParent().getId() + " " + b + " legend " + key);
                }
              }
              return found;
            });
    assertThat(covered).as("cards under the legend").isEmpty();
  }

  /**
   * The charts are narrow: each title and each line's key must still read whole, never as
   * "Operations done per sec...".
   */
  @ParameterizedTest
  @CsvSource({"1280, 800", "1024, 660"})
  void theChartsTitlesAndKeysReadWhole(double width, double height) {
    loadAt(TestConfigs.centralized(dir, 26140), width, height);
    awaitText(robot, "#status-master", "stopped", SHORT);
    robot.clickOn("Charts");
    List<String> cut =
        fx(
            () -> {
              stage.getScene().getRoot().applyCss();
              stage.getScene().getRoot().layout();
              List<String> found = new ArrayList<>();
              List<Node> texts = new ArrayList<>(robot.lookup("#charts .chart-title").queryAll());
              texts.addAll(robot.lookup("#charts .chart-key").queryAll());
              for (Node node : texts) {
                Labeled label = (Labeled) node;
                Text shown = (Text) label.lookup(".text");
                if (!shown.getText().equals(label.getText())) {
                  found.add("'" + label.getText() + "' shows as '" + shown.getText() + "'");
                }
              }
              return found;
            });
    assertThat(cut)
        .as("chart titles and keys cut short in a %sx%s window", width, height)
        .isEmpty();
    assertThat(fx(() -> robot.lookup("#charts .chart-key").queryAll().size())).isEqualTo(6);
  }

  /**
   * The event log's count line sits beside the filters: with four-digit counts and hidden
   * background traffic it must still read whole, never as "... (250 background, hid...".
   */
  @ParameterizedTest
  @CsvSource({"1280, 800", "1024, 660"})
  void theEventLogCountReadsWhole(double width, double height) {
    loadAt(TestConfigs.centralized(dir, 26140), width, height);
    awaitText(robot, "#status-master", "stopped", SHORT);
    List<NodeEvent> events = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      events.add(Ev.sent("master", i, "slave_1", "prepare", "color"));
    }
    for (int i = 1; i <= 250; i++) {
      events.add(Ev.sent("slave_1", i, "master", "lease", ""));
    }
    fx(
        () -> {
          fixture.lab.eventLog().add(events);
          return null;
        });
    awaitText(robot, "#log-count", "1250", SHORT);
    String shown =
        fx(
            () -> {
              stage.getScene().getRoot().applyCss();
              stage.getScene().getRoot().layout();
              Labeled count = robot.lookup("#log-count").query();
              Bounds box = count.localToScene(count.getLayoutBounds());
              double sceneWidth = stage.getScene().getWidth();
              String drawn =
                  count.lookupAll(".text").stream()
                      .map(t -> ((Text) t).getText())
                      .collect(java.util.stream.Collectors.joining());
              return drawn.replace('\u00A0', ' ')
                  + (box.getMaxX() > sceneWidth + 0.5 ? " [past the window's edge]" : "");
            });
    assertThat(shown)
        .as("the event log's count in a %sx%s window", width, height)
        .isEqualTo("1000 shown · 1250 received (250 background, hidden)");
  }
}
