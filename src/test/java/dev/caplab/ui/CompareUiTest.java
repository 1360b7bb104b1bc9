package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;

/**
 * The Compare view on two real clusters (six processes, ports 30600-30605) under the same load: one
 * click fails the coordinator of both, both sides show it, and Recover brings both back.
 */
class CompareUiTest extends FxWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  private final ExecutorService background =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "compare-test-background");
            t.setDaemon(true);
            return t;
          });
  private CompareViewModel model;

  @Override
  void show(Stage stage) throws Exception {
    Platform.setImplicitExit(false);
    model =
        CompareViewModel.bundled(
            Platform::runLater, Duration.ofMillis(16), background, LiveCluster::open, dir, 30600);
    CompareWindow.show(stage, model, null);
  }

  @Override
  void close() throws Exception {
    try {
      fx(() -> model.detach()).get(30, TimeUnit.SECONDS);
    } finally {
      background.shutdownNow();
    }
  }

  @Test
  void failingTheCoordinatorRoleTakesDownTheMasterAndNode1AndBothSidesShowItUntilRecover() {
    robot.clickOn("#compare-start");
    for (String node : List.of("master", "slave_1", "slave_2", "node_0", "node_1", "node_2")) {
      awaitText(robot, "#compare-node-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    robot.clickOn("#compare-load");
    awaitPoint(
        "centralized", "writes (put)", 0, 100.0, "centralized writes succeed before the fault");
    awaitPoint(
        "decentralized", "writes (put)", 0, 100.0, "decentralized writes succeed before the fault");

    assertThat(LabFixture.text(robot, "#compare-targets"))
        .isEqualTo("→ master (centralized) and node_1" + " (decentralized)");
    robot.clickOn("#compare-fail");
    awaitText(robot, "#compare-node-master", "down", SHORT);
    awaitText(robot, "#compare-node-node_1", "down", SHORT);
    assertThat(LabFixture.text(robot, "#compare-node-node_0")).contains("serving");
    double leftFailed = awaitMarker("centralized", "fail master");
    double rightFailed = awaitMarker("decentralized", "fail node_1");
    // Without its master 2PC can neither write nor, once the slaves' leases have run out, read.
    awaitPoint(
        "centralized",
        "writes (put)",
        leftFailed + 1,
        0.0,
        "no centralized write without the master");
    awaitPoint(
        "centralized",
        "reads (get)",
        leftFailed + 2,
        0.0,
        "no centralized read once the leases ran out");
    // Without node_1's 2 votes no write quorum (3), but node_0 + node_2 still make a read quorum
    // (2).
    awaitPoint(
        "decentralized",
        "writes (put)",
        rightFailed + 1,
        0.0,
        "no decentralized write without node_1");
    assertThat(points("decentralized", "reads (get)", rightFailed + 1))
        .as("decentralized reads go on")
        .anyMatch(y -> y > 0);
    awaitText(robot, "#compare-caption-centralized", "Unavailable", SHORT);
    awaitText(robot, "#compare-caption-decentralized", "Read-only", SHORT);

    robot.clickOn("#compare-recover");
    awaitText(robot, "#compare-node-master", "serving", LabFixture.CLUSTER_TIMEOUT);
    awaitText(robot, "#compare-node-node_1", "serving", LabFixture.CLUSTER_TIMEOUT);
    double leftRecovered = awaitMarker("centralized", "recover master");
    double rightRecovered = awaitMarker("decentralized", "recover node_1");
    awaitPoint(
        "centralized", "writes (put)", leftRecovered + 1, 100.0, "centralized writes come back");
    awaitPoint(
        "decentralized",
        "writes (put)",
        rightRecovered + 1,
        100.0,
        "decentralized writes come back");
    assertThat(shownMarkers("centralized")).containsExactly("fail master", "recover master");
    assertThat(shownMarkers("decentralized")).containsExactly("fail node_1", "recover node_1");
    awaitText(robot, "#compare-verdict-centralized", "linearizable", SHORT);
    awaitText(robot, "#compare-verdict-decentralized", "linearizable", SHORT);
  }

  /**
   * Waits until a line of a side's availability chart has a point at or after the time with exactly
   * the value.
   */
  private void awaitPoint(String side, String series, double from, double value, String why) {
    await()
        .alias(why)
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> points(side, series, from), ys -> ys.contains(value));
  }

  private List<Double> points(String side, String series, double from) {
    return fx(
        () -> {
          MarkedChart chart =
              robot.lookup("#compare-availability-" + side).queryAs(MarkedChart.class);
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

  private double awaitMarker(String side, String label) {
    await()
        .alias("a marker '" + label + "' on the " + side + " chart")
        .atMost(SHORT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> shownMarkers(side).contains(label));
    CompareSide s = side.equals("centralized") ? model.centralized() : model.decentralized();
    return fx(
        () ->
            s.charts().markers().stream()
                .filter(m -> m.label().equals(label))
                .findFirst()
                .orElseThrow()
                .seconds());
  }

  private List<String> shownMarkers(String side) {
    return fx(
        () ->
            robot
                .lookup("#compare-availability-" + side + " .fault-marker")
                .queryAllAs(Label.class)
                .stream()
                .filter(Label::isVisible)
                .map(Label::getText)
                .toList());
  }
}
