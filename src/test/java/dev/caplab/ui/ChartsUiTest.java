package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The Charts tab on a real decentralized cluster under the Load: node_1 dies, writes stop, reads go
 * on.
 */
class ChartsUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  private FxRobot robot;

  @Override
  void open(LabViewModel lab) {
    // node_1 carries 2 of the 4 votes and a write needs 3: without it no write can pass, a read (2)
    // still can.
    lab.loadConfig(TestConfigs.decentralized(dir, 29500));
  }

  @Test
  void writeAvailabilityDropsToZeroWhileNode1IsDownAndComesBackAfterRecoverWithAMarkerAtEach() {
    this.robot = robot;
    robot.clickOn("#start-button");
    for (String node : List.of("node_0", "node_1", "node_2")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    robot.clickOn("Charts");
    robot.clickOn("#load-toggle");
    awaitPoint("writes (put)", 0, 100.0, "every write succeeds before the fault");

    robot.rightClickOn("#node-node_1");
    robot.clickOn("Fail (SIGKILL)");
    awaitText(robot, "#status-node_1", "down", SHORT);
    double failedAt = awaitMarker("fail node_1");
    awaitPoint("writes (put)", failedAt + 1, 0.0, "no write succeeds while node_1 is down");
    assertThat(points("reads (get)", failedAt + 1))
        .as("reads go on without node_1")
        .anyMatch(y -> y > 0);

    robot.clickOn("#node-node_1");
    robot.clickOn("#action-recover");
    awaitText(robot, "#status-node_1", "serving", LabFixture.CLUSTER_TIMEOUT);
    double recoveredAt = awaitMarker("recover node_1");
    awaitPoint("writes (put)", recoveredAt + 1, 100.0, "writes succeed again after Recover");

    assertThat(shownMarkers()).containsExactly("fail node_1", "recover node_1");
  }

  /** Waits until the availability line has a point at or after the time with exactly the value. */
  private void awaitPoint(String series, double from, double value, String why) {
    await()
        .alias(why)
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> points(series, from), ys -> ys.contains(value));
  }

  /** The values of one availability line from a time on. */
  private List<Double> points(String series, double from) {
    return fx(
        () -> {
          MarkedChart chart = robot.lookup("#chart-availability").queryAs(MarkedChart.class);
          return chart.getData().stream()
              .filter(s -> s.getName().equals(series))
              .findFirst()
              .orElseThrow()
              .getData()
              .stream()
              .filter(d -> d.getXValue().doubleValue() >= from)
              .map(XYChart.Data::getYValue)
              .map(Number::doubleValue)
              .toList();
        });
  }

  /**
   * Waits until the marker is drawn on the availability chart; returns its time (seconds since
   * Start).
   */
  private double awaitMarker(String label) {
    await()
        .alias("a marker '" + label + "' on the chart")
        .atMost(SHORT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> shownMarkers().contains(label));
    return fx(
        () ->
            fixture.lab.charts().markers().stream()
                .filter(m -> m.label().equals(label))
                .findFirst()
                .orElseThrow()
                .seconds());
  }

  private List<String> shownMarkers() {
    return fx(
        () ->
            robot.lookup("#chart-availability .fault-marker").queryAllAs(Label.class).stream()
                .filter(Label::isVisible)
                .map(Label::getText)
                .toList());
  }
}
