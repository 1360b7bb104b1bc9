package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static dev.caplab.ui.LabFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * The shipped 2PC lesson played through the panel on real node processes (ports 30000-30002): a
 * wrong prediction is corrected once the real run answers it, while the lab's own views show the
 * lesson's cluster.
 */
class LessonPanelUiTest extends LabWindowTest {

  private static final int PORT_BASE = 30000;
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String TITLE = "Two-phase commit: the happy path";

  @Override
  void open(LabViewModel lab) {
    lab.lesson().setPortBase(PORT_BASE);
    lab.lesson().scan(Path.of("assets/lessons"));
  }

  @Test
  void aWrongPredictionIsCorrectedByTheRealRun() {
    long shipped;
    try (var files = java.nio.file.Files.list(Path.of("assets/lessons"))) {
      shipped = files.filter(f -> f.toString().endsWith(".yaml")).count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    await().atMost(STEP).until(() -> fx(() -> fixture.lab.lesson().offers().size()) == shipped);
    robot.clickOn("#lessons-menu");
    // The menu's first item is the first shipped lesson; chosen as a click on it would (its popup
    // is a window
    // of its own, which headless TestFX does not look into reliably).
    robot.interact(
        () -> {
          MenuButton menu = robot.lookup("#lessons-menu").queryAs(MenuButton.class);
          MenuItem first = menu.getItems().get(0);
          assertThat(first.getText()).isEqualTo(TITLE);
          menu.hide();
          first.fire();
        });
    awaitText(robot, "#lesson-status", "Press Next to begin", LabFixture.CLUSTER_TIMEOUT);
    awaitText(robot, "#progress-label", "3 of 3 serving", STEP);
    assertThat(text(robot, "#lesson-title")).isEqualTo(TITLE);
    assertThat(text(robot, "#lesson-progress")).isEqualTo("Introduction · 16 steps");

    // 1: say, pointing at the three nodes.
    next(robot);
    assertThat(text(robot, "#lesson-progress")).isEqualTo("Step 1 of 16");
    assertThat(text(robot, "#lesson-text")).contains("Three processes are running");
    await()
        .atMost(STEP)
        .until(
            () ->
                fx(
                        () ->
                            robot.lookup(".node-card").queryAll().stream()
                                .filter(
                                    n ->
                                        n.getPseudoClassStates()
                                            .contains(PseudoClass.getPseudoClass("lesson")))
                                .count())
                    == 3);

    // 2: the question; Next waits for a prediction. Choice 1 is wrong (the answer is 2: a prepare).
    next(robot);
    assertThat(text(robot, "#lesson-kind")).startsWith("Predict");
    robot.clickOn("#lesson-next");
    awaitText(robot, "#lesson-status", "Choose an answer first", STEP);
    assertThat(text(robot, "#lesson-progress")).isEqualTo("Step 2 of 16");
    robot.clickOn("#lesson-choice-1");
    awaitText(robot, "#lesson-status", "Prediction noted", STEP);

    // 3: the put on the real master; 4: the first check. Only then does the panel say the
    // prediction was wrong.
    next(robot);
    awaitText(robot, "#lesson-outcome", "sent put", STEP);
    awaitText(robot, "#lesson-verdict", "The next check on the cluster will tell", STEP);
    next(robot);
    awaitText(robot, "#lesson-outcome", "✔ Holds", STEP);
    awaitText(robot, "#lesson-verdict", "Not what happened", STEP);
    assertThat(text(robot, "#lesson-verdict"))
        .contains("The value, so that the slaves store it at once")
        .contains("A prepare message asking each slave to promise the write");
    assertThat(text(robot, "#lesson-why")).startsWith("Why: The master must not decide alone");
    assertThat(fx(() -> robot.lookup("#lesson-prediction").queryAs(Node.class).getStyleClass()))
        .contains("wrong");

    // The lab's own views show the lesson's real cluster: the event log lists the prepare the
    // lesson checked.
    await()
        .atMost(STEP)
        .until(
            () ->
                fx(
                    () ->
                        fixture.lab.eventLog().visible().stream()
                            .anyMatch(
                                e ->
                                    e.node().equals("master")
                                        && e.type().equals("SENT")
                                        && e.label().equals("prepare"))));

    // Back re-shows without undoing; Next then moves on without doing the put again.
    robot.clickOn("#lesson-back");
    assertThat(text(robot, "#lesson-progress")).isEqualTo("Step 3 of 16");
    assertThat(text(robot, "#lesson-status")).contains("not rewound");
    assertThat(text(robot, "#lesson-outcome")).contains("sent put");
    next(robot);
    assertThat(text(robot, "#lesson-progress")).isEqualTo("Step 4 of 16");
    assertThat(text(robot, "#lesson-outcome")).contains("✔ Holds");

    // Leaving stops the lesson's processes and closes the panel.
    robot.clickOn("#lesson-leave");
    await()
        .atMost(STEP)
        .until(() -> fx(() -> fixture.lab.phaseProperty().get()) == ClusterPhase.IDLE);
    assertThat(
            fx(() -> robot.lookup("#lesson-panel").tryQuery().map(Node::isVisible).orElse(false))
                && fx(() -> robot.lookup("#lesson-panel").query().getScene() != null))
        .isFalse();
    assertThat(fx(() -> fixture.lab.highlight().isEmpty())).isTrue();
  }

  /** Clicks Next and waits until the step it started has finished on the cluster. */
  private void next(FxRobot robot) {
    robot.clickOn("#lesson-next");
    await().atMost(STEP).until(() -> !fx(() -> fixture.lab.lesson().busyProperty().get()));
  }
}
