package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/** The console at the default 1280x800: results readable in full, the last operations in view. */
class ConsoleUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(10);
  private static final String LONG_REASON =
      "slave_1 holds no read lease from the master (it ran out 800 ms ago):"
          + " the master is unreachable or slow, so a read here could miss a committed write";

  private final CompletableFuture<FakeCluster> opened = new CompletableFuture<>();

  @Override
  ClusterGateway.Factory clusters() {
    return FakeCluster.factory(opened);
  }

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 26130));
  }

  @Test
  void theHistoryShowsTheLastFewOperationsWithUntruncatedLatencies() {
    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    for (int i = 1; i <= 6; i++) {
      int n = i;
      robot.interact(
          () -> {
            fixture.lab.console().keyProperty().set("k" + n);
            fixture.lab.console().valueProperty().set("v" + n);
            fixture.lab.console().put();
          });
    }
    await().atMost(SHORT).until(() -> fx(() -> fixture.lab.console().history().size()) == 6);

    assertThat(fullRowsInView(robot)).isGreaterThanOrEqualTo(ConsoleView.ROWS_SHOWN);
    assertThat(shown(robot, "#history-table .column-header .label", "Latency")).isTrue();
    assertThat(shown(robot, "#history-table .table-cell", "3.1 ms")).isTrue();
  }

  @Test
  void aLongRefusalIsShownInFullAndItsCellTellsOnHover() {
    robot.clickOn("#start-button");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    opened.getNow(null).refusal = LONG_REASON;
    robot.interact(
        () -> {
          fixture.lab.console().keyProperty().set("k");
          fixture.lab.console().put();
        });
    awaitText(robot, "#result-label", LONG_REASON, SHORT);

    Label result = fx(() -> robot.lookup("#result-label").queryAs(Label.class));
    await().atMost(SHORT).until(() -> fx(() -> displayed(result)).equals(result.getText()));
    String tip =
        fx(
                    () ->
                        robot
                            .lookup("#history-table .table-cell")
                            .queryAllAs(TableCell.class)
                            .stream()
                            .filter(
                                c ->
                                    c.getTooltip() != null
                                        && c.getTooltip().getText().contains(LONG_REASON))
                            .count())
                > 0
            ? "found"
            : "missing";
    assertThat(tip).isEqualTo("found");
  }

  private int fullRowsInView(FxRobot robot) {
    return fx(
        () -> {
          TableView<?> table = robot.lookup("#history-table").queryAs(TableView.class);
          Bounds view = table.localToScene(table.getLayoutBounds());
          int rows = 0;
          for (Node n : table.lookupAll(".table-row-cell")) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            if (n.isVisible()
                && ((TableRow<?>) n).getItem() != null
                && b.getMinY() >= view.getMinY()
                && b.getMaxY() <= view.getMaxY() + 0.5) {
              rows++;
            }
          }
          return rows;
        });
  }

  /** Whether some labeled node of the query shows this text whole (not cut short with "…"). */
  private static boolean shown(FxRobot robot, String query, String text) {
    return fx(
        () ->
            robot.lookup(query).queryAllAs(Labeled.class).stream()
                .anyMatch(l -> text.equals(l.getText()) && text.equals(displayed(l))));
  }

  private static String displayed(Labeled labeled) {
    Node text = labeled.lookup(".text");
    return text instanceof Text t ? t.getText() : "";
  }
}
