package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every action the GUI can record is written so that the loader reads the same action back. */
class LessonWriterTest {

  private static final List<Action> ACTIONS =
      List.of(
          new Action.Put("master", "x", "a \"quoted\" value\\", "op1"),
          new Action.Get("slave_1", "x", "op2"),
          new Action.Fail("slave_2"),
          new Action.Recover("slave_2"),
          new Action.Slow("slave_1", 2),
          new Action.Restore("slave_1"),
          new Action.Isolate("slave_1"),
          new Action.HealNode("slave_1"),
          new Action.Cut("master", "slave_1"),
          new Action.HealLink("master", "slave_1"),
          new Action.StartLoad(2, List.of(), List.of("k0", "k1"), 0.5),
          new Action.StopLoad(),
          new Action.StepMode(true, List.of()),
          new Action.Deliver(
              false, "master", "slave_1", "prepare", "x", false, Duration.ofSeconds(10)),
          new Action.Deliver(
              true, "master", "slave_2", "prepare", "", false, Duration.ofSeconds(10)),
          new Action.StepMode(false, List.of()),
          new Action.ArmCrash("master", "after-prepare"),
          new Action.Wait(Duration.ofMillis(1500)));

  @Test
  void recordedActionsReadBackAsTheSameActions() throws Exception {
    StringBuilder text =
        new StringBuilder(LessonWriter.header("Recorded: \"x\"", "What was done.", "centralized"));
    ACTIONS.forEach(a -> text.append(LessonWriter.step(a)));
    text.append(LessonWriter.expectResult("op1", "UNAVAILABLE", Optional.empty()));
    text.append(LessonWriter.expectResult("op2", "ok", Optional.of("1")));

    Lesson lesson = LessonLoader.parse(Path.of("recorded.yaml"), text.toString());

    assertThat(lesson.title()).isEqualTo("Recorded: \"x\"");
    List<Action> read =
        lesson.steps().stream()
            .filter(Step.Do.class::isInstance)
            .map(s -> ((Step.Do) s).action())
            .toList();
    assertThat(read).isEqualTo(ACTIONS);
    assertThat(lesson.steps().subList(ACTIONS.size(), ACTIONS.size() + 2))
        .containsExactly(
            new Step.Expect(
                lesson.steps().get(ACTIONS.size()).line(),
                new Expectation.Result(
                    "op1", Set.of("UNAVAILABLE"), Optional.empty(), Duration.ofSeconds(10))),
            new Step.Expect(
                lesson.steps().get(ACTIONS.size() + 1).line(),
                new Expectation.Result(
                    "op2", Set.of("ok"), Optional.of("1"), Duration.ofSeconds(10))));
  }

  @Test
  void aClientSideErrorIsRecordedAsFailedAndAStatusAsItself() {
    assertThat(LessonWriter.outcomeOfStatus("UNAVAILABLE")).isEqualTo("UNAVAILABLE");
    assertThat(LessonWriter.outcomeOfStatus("ERROR")).isEqualTo(Expectation.FAILED);
    assertThat(LessonWriter.outcomeOfStatus("OK")).isEqualTo(Expectation.FAILED);
  }

  @Test
  void durationsAreWrittenInTheFormatsUnits() {
    assertThat(LessonWriter.duration(Duration.ofMillis(2000))).isEqualTo("2s");
    assertThat(LessonWriter.duration(Duration.ofMillis(1540))).isEqualTo("1.5s");
    assertThat(LessonWriter.duration(Duration.ofMillis(300))).isEqualTo("300ms");
  }
}
