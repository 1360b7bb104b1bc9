package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.fx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.lesson.Action;
import dev.caplab.lesson.Lesson;
import dev.caplab.lesson.LessonLoader;
import dev.caplab.lesson.LessonRunner;
import dev.caplab.lesson.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Record → run: what a user does in the lab (console puts and gets, a crash and a recovery, with a
 * pause) is recorded, saved as a lesson, loaded by the lesson loader and run headless on another
 * real cluster, where every recorded answer must come back the same. GUI cluster on ports
 * 30020-30022, the headless run on 30030-30032.
 */
class LessonRecordUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(30);

  @Override
  void open(LabViewModel lab) {
    lab.loadConfig(TestConfigs.centralized(dir, 30020));
  }

  @Test
  void aRecordedSessionSavesAsALessonThatPassesHeadless() throws Exception {
    robot.clickOn("#start-button");
    await()
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .until(() -> fx(() -> fixture.lab.phaseProperty().get()) == ClusterPhase.RUNNING);
    assertThat(fx(() -> fixture.lab.messageProperty().get())).startsWith("Cluster serving");
    awaitText(robot, "#progress-label", "3 of 3 serving", SHORT);
    robot.clickOn("#record-button");
    awaitText(robot, "#record-button", "Stop recording", SHORT);

    operate(robot, "put", "master", "x", "1");
    robot.interact(() -> fixture.lab.actions().fail("slave_2"));
    await()
        .atMost(SHORT)
        .until(() -> !fx(() -> fixture.lab.node("slave_2").orElseThrow().status().alive()));
    operate(
        robot, "put", "master", "y", "2"); // exclude: the master gives up on slave_2 and commits
    operate(robot, "get", "slave_2", "x"); // the process is gone: UNAVAILABLE
    Thread.sleep(1200); // a pause the lesson must keep as a wait
    robot.interact(() -> fixture.lab.actions().recover("slave_2"));
    await()
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .until(
            () ->
                fx(() -> fixture.lab.node("slave_2").orElseThrow().status()) == NodeStatus.SERVING);
    operate(robot, "get", "master", "y");

    Path file = dir.resolve("recorded.yaml");
    fx(() -> {
          fixture.lab.setRecording(false);
          return fixture.lab.saveRecording(file);
        })
        .get(10, TimeUnit.SECONDS);
    assertThat(LabFixture.text(robot, "#record-button")).isEqualTo("Record");
    fx(() -> fixture.lab.stop()).get(60, TimeUnit.SECONDS);
    String text = Files.readString(file);
    System.out.println(text);

    Lesson lesson = LessonLoader.load(file);
    assertThat(text).contains("config: \"centralized.yaml\"");
    List<Step> steps = lesson.steps();
    assertThat(steps)
        .filteredOn(s -> s instanceof Step.Do d && d.action() instanceof Action.Wait)
        .isNotEmpty();
    assertThat(steps)
        .filteredOn(
            s ->
                s instanceof Step.Do d
                    && d.action() instanceof Action.Fail f
                    && f.node().equals("slave_2"))
        .hasSize(1);
    assertThat(steps)
        .filteredOn(s -> s instanceof Step.Do d && d.action() instanceof Action.Recover)
        .hasSize(1);
    assertThat(steps).filteredOn(Step.Expect.class::isInstance).hasSize(4);
    assertThat(text).contains("outcome: \"UNAVAILABLE\"").contains("value: \"2\"");

    LessonRunner.Report report =
        LessonRunner.run(lesson, new LessonRunner.Options(dir.resolve("run"), 30030, System.out));
    System.out.println(report.summary());
    assertThat(report.passed()).as(report.summary()).isTrue();
    assertThat(report.expects()).isEqualTo(4);
  }

  /** Sends a put or get from the console and waits for its answer. */
  private void operate(FxRobot robot, String op, String node, String key, String... value) {
    int before = fx(() -> fixture.lab.console().history().size());
    robot.interact(
        () -> {
          ConsoleViewModel console = fixture.lab.console();
          console.targetProperty().set(node);
          console.keyProperty().set(key);
          if (op.equals("put")) {
            console.valueProperty().set(value[0]);
            console.put();
          } else {
            console.get();
          }
        });
    await()
        .atMost(SHORT)
        .until(
            () ->
                fx(
                    () ->
                        fixture.lab.console().history().size() > before
                            && !fixture.lab.console().history().get(0).pending()));
  }
}
