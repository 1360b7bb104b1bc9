package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.config.Mode;
import dev.caplab.config.SlaveFailurePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonLoaderTest {

  private static final Path FILE = Path.of("assets/lessons/test.yaml");

  /** A valid head; the steps follow from line 5 on. */
  private static final String HEAD =
      """
      title: T
      summary: S
      config: centralized
      steps:
      """;

  private static Lesson parse(String yaml) throws LessonException {
    return LessonLoader.parse(FILE, yaml);
  }

  private static String errorOf(String yaml) {
    try {
      parse(yaml);
    } catch (LessonException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a LessonException for:\n" + yaml);
  }

  private static String stepError(String steps) {
    return errorOf(HEAD + steps);
  }

  @Test
  void fullLessonReadsIntoSteps() throws Exception {
    Lesson lesson =
        parse(
            """
        title: Two-phase commit
        summary: A put in two phases.
        trade_off: Consistency first.
        config: centralized
        steps:
          - say: Watch the master.
            highlight: [master, master--slave_1]
          - ask: Which message goes first?
            choices: [commit, prepare]
            answer: prepare
            why: The master asks first.
          - do: put
            node: master
            key: x
            value: "1"
            as: p
          - expect: result
            of: p
            outcome: [ok, UNAVAILABLE]
            within: 1.5s
          - expect: event
            node: slave_1
            type: state
            label: PREPARED
          - explain: That was 2PC.
        """);
    assertThat(lesson.title()).isEqualTo("Two-phase commit");
    assertThat(lesson.tradeOff()).isEqualTo("Consistency first.");
    assertThat(lesson.config().cluster().mode()).isEqualTo(Mode.CENTRALIZED);
    assertThat(lesson.steps()).extracting(Step::line).containsExactly(6, 8, 12, 17, 21, 25);
    assertThat(lesson.steps().get(0))
        .isEqualTo(new Step.Say(6, "Watch the master.", List.of("master", "master--slave_1")));
    Step.Ask ask = (Step.Ask) lesson.steps().get(1);
    assertThat(ask.answer()).isEqualTo(1);
    assertThat(ask.rightChoice()).isEqualTo("prepare");
    assertThat(((Step.Do) lesson.steps().get(2)).action())
        .isEqualTo(new Action.Put("master", "x", "1", "p"));
    assertThat(((Step.Expect) lesson.steps().get(3)).expectation())
        .isEqualTo(
            new Expectation.Result(
                "p", Set.of("ok", "UNAVAILABLE"), Optional.empty(), Duration.ofMillis(1500)));
    Expectation.Event event =
        (Expectation.Event) ((Step.Expect) lesson.steps().get(4)).expectation();
    assertThat(event.pattern())
        .isEqualTo(new EventPattern("slave_1", "STATE", "PREPARED", "", "", ""));
    assertThat(event.within()).isEqualTo(StepReader.DEFAULT_WITHIN);
    assertThat(lesson.where(lesson.steps().get(5))).isEqualTo(FILE + ":25");
  }

  @Test
  void answerMayBeTheChoicesNumber() throws Exception {
    Lesson lesson =
        parse(
            HEAD
                + """
          - ask: Q?
            choices: [a, b, c]
            answer: 3
            why: W.
        """);
    assertThat(((Step.Ask) lesson.steps().get(0)).rightChoice()).isEqualTo("c");
  }

  @Test
  void configOverridesReplaceTheBasesKeys() throws Exception {
    Lesson lesson =
        parse(
            """
        title: T
        summary: S
        config:
          base: decentralized
          set:
            read_quorum: 1
            write_quorum: 2
            unsafe_quorums: true
        steps:
          - say: hi
        """);
    assertThat(lesson.config().cluster().readQuorum()).isEqualTo(1);
    assertThat(lesson.config().cluster().writeQuorum()).isEqualTo(2);
    assertThat(lesson.config().cluster().ids()).containsExactly("node_0", "node_1", "node_2");
    assertThat(lesson.config().overridden())
        .containsExactly("read_quorum", "write_quorum", "unsafe_quorums");
  }

  @Test
  void configFileIsFoundBesideTheLesson(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("two.yaml"),
        """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 28801}
          - {id: b, ip: 127.0.0.1, port: 28802}
        """);
    Path file =
        Files.writeString(
            dir.resolve("lesson.yaml"),
            """
        title: T
        summary: S
        config: two.yaml
        steps:
          - do: fail
            node: b
        """);
    assertThat(LessonLoader.load(file).config().cluster().ids()).containsExactly("a", "b");
  }

  @Test
  void restartClusterChangesTheNodesLaterStepsMayName() throws Exception {
    Lesson lesson =
        parse(
            HEAD
                + """
          - do: restart_cluster
            config: decentralized
          - do: fail
            node: node_1
        """);
    Action.RestartCluster restart =
        (Action.RestartCluster) ((Step.Do) lesson.steps().get(0)).action();
    assertThat(restart.config().cluster().mode()).isEqualTo(Mode.DECENTRALIZED);
    assertThat(
            stepError(
                """
          - do: restart_cluster
            config: {base: centralized, set: {on_slave_failure: strict}}
          - do: fail
            node: node_1
        """))
        .startsWith(FILE + ":8: no node 'node_1' in the lesson's config");
  }

  @Test
  void restartWithoutConfigKeepsTheLessonsConfig() throws Exception {
    Lesson lesson =
        parse(
            """
        title: T
        summary: S
        config: {base: centralized, set: {on_slave_failure: strict}}
        steps:
          - do: restart_cluster
        """);
    Action.RestartCluster restart =
        (Action.RestartCluster) ((Step.Do) lesson.steps().get(0)).action();
    assertThat(restart.config().cluster().onSlaveFailure()).isEqualTo(SlaveFailurePolicy.STRICT);
  }

  // Errors of the file as a whole

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> LessonLoader.load(missing))
        .isInstanceOf(LessonException.class)
        .hasMessage(
            missing
                + ": file not found. Fix: pass the path of a lesson file, e.g."
                + " assets/lessons/01-two-phase-commit.yaml.");
  }

  @Test
  void brokenYamlNamesItsLine() {
    assertThat(errorOf("title: T\nsummary: S\nsteps:\n  - say: [unclosed\n"))
        .startsWith(FILE + ":5: not valid YAML")
        .contains("Fix: ");
  }

  @Test
  void emptyFileSaysWhatToWrite() {
    assertThat(errorOf(""))
        .isEqualTo(
            FILE
                + ": the file is empty. Fix: start from a lesson in assets/lessons/"
                + " (title, summary, config, steps).");
  }

  @Test
  void topLevelMustBeAMapping() {
    assertThat(errorOf("- say: hi\n")).startsWith(FILE + ":1: the top level should be a mapping");
  }

  @Test
  void unknownTopLevelKeyIsRefusedWithTheKnownOnes() {
    assertThat(errorOf("title: T\nsumary: S\n"))
        .isEqualTo(
            FILE
                + ":2: unknown key `sumary` in the top level."
                + " Fix: remove it or fix its spelling; known keys here: [config, steps, summary, title, trade_off].");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThat(errorOf("summary: S\n"))
        .isEqualTo(FILE + ":1: missing `title`. Fix: add `title: <what the lesson" + " shows>`.");
    assertThat(errorOf("title: T\nsummary: S\nconfig: centralized\n"))
        .startsWith(FILE + ":1: missing `steps`");
    assertThat(errorOf("title: T\nsummary: S\nsteps: []\n"))
        .startsWith(FILE + ":1: missing `config`");
  }

  @Test
  void keyGivenTwiceIsRefused() {
    assertThat(errorOf("title: T\ntitle: U\n"))
        .startsWith(FILE + ":2: `title` is given twice in the top level");
  }

  @Test
  void listWhereTextBelongsIsRefused() {
    assertThat(errorOf("title: [a, b]\n"))
        .startsWith(FILE + ":1: `title` should be a single value");
  }

  @Test
  void blankTextIsRefused() {
    assertThat(errorOf("title: ''\n")).startsWith(FILE + ":1: `title` is empty");
  }

  // config

  @Test
  void unknownBundledConfigIsNamed() {
    assertThat(errorOf("title: T\nsummary: S\nconfig: central\nsteps: [{say: hi}]\n"))
        .startsWith(FILE + ":3: config 'central' not found")
        .contains("Fix: name a bundled config (centralized, decentralized)");
  }

  @Test
  void overridesTheConfigLoaderRefusesPointAtTheConfig() {
    String error =
        errorOf(
            """
        title: T
        summary: S
        config:
          base: decentralized
          set: {read_quorum: 1}
        steps: [{say: hi}]
        """);
    assertThat(error)
        .startsWith(
            FILE
                + ":4: the config is refused: read_quorum 1 + write_quorum 3 = 4 is not more"
                + " than the total weight 4")
        .endsWith(
            "Fix: raise read_quorum or write_quorum so that read + write > 4 (or set"
                + " `unsafe_quorums: true` to demonstrate stale reads). (in the keys under `set`)");
  }

  @Test
  void unknownKeyInConfigIsRefused() {
    assertThat(errorOf("title: T\nsummary: S\nconfig:\n  bse: centralized\nsteps: [{say: hi}]\n"))
        .startsWith(FILE + ":4: unknown key `bse` in `config`");
  }

  // steps

  @Test
  void stepsMustBeANonEmptyList() {
    assertThat(errorOf(HEAD.replace("steps:\n", "steps: none\n")))
        .startsWith(FILE + ":4: `steps` should be a list");
    assertThat(errorOf(HEAD.replace("steps:\n", "steps: []\n")))
        .startsWith(FILE + ":4: `steps` is empty");
  }

  @Test
  void stepNeedsExactlyOneKind() {
    assertThat(stepError("  - node: master\n"))
        .startsWith(FILE + ":5: a step has none of [say, ask, do, expect," + " explain]");
    assertThat(stepError("  - say: hi\n    explain: more\n"))
        .startsWith(FILE + ":5: a step has both `say` and" + " `explain`");
  }

  @Test
  void unknownKeyInAStepIsRefused() {
    assertThat(stepError("  - do: put\n    nod: master\n    key: x\n    value: v\n"))
        .startsWith(FILE + ":6: unknown key `nod` in `do: put`")
        .contains("known keys here: [as, do, key, node, value]");
  }

  @Test
  void unknownActionListsTheActions() {
    assertThat(stepError("  - do: crash\n    node: master\n"))
        .startsWith(FILE + ":5: unknown action 'crash'")
        .contains("fail");
  }

  @Test
  void armCrashNamesAKnownPoint() {
    assertThat(stepError("  - do: arm_crash\n    node: master\n    point: before-lunch\n"))
        .startsWith(FILE + ":7: unknown crash point 'before-lunch'")
        .contains("after-prepare");
    assertThat(stepError("  - do: arm_crash\n    node: master\n"))
        .startsWith(FILE + ":5: missing `point`");
  }

  @Test
  void missingParameterIsNamed() {
    assertThat(stepError("  - do: put\n    node: master\n    value: v\n"))
        .isEqualTo(FILE + ":5: missing `key`. Fix: add `key: <key>`.");
  }

  @Test
  void unknownNodeNamesTheConfigsNodes() {
    assertThat(stepError("  - do: fail\n    node: slave_3\n"))
        .isEqualTo(
            FILE
                + ":6: no node 'slave_3' in the"
                + " lesson's config. Fix: use one of [master, slave_1, slave_2].");
  }

  @Test
  void highlightTakesNodesAndLinks() {
    assertThat(stepError("  - say: hi\n    highlight: [master--slave_1--slave_2]\n"))
        .startsWith(FILE + ":6: 'master--slave_1--slave_2' is neither a node nor a link");
    assertThat(stepError("  - say: hi\n    highlight: master--slave_9\n"))
        .startsWith(FILE + ":6: no node 'slave_9'");
  }

  @Test
  void linkJoinsTwoDifferentNodes() {
    assertThat(stepError("  - do: cut\n    between: [master, master]\n"))
        .startsWith(FILE + ":6: a link joins two different nodes");
    assertThat(stepError("  - do: heal\n    node: master\n    between: [master, slave_1]\n"))
        .startsWith(FILE + ":5: `do: heal` needs either `node` or `between`");
  }

  @Test
  void cutTakesBetweenForBothWaysOrFromAndToForOneWay() throws Exception {
    Lesson lesson =
        parse(
            HEAD
                + "  - do: cut\n    between: [master, slave_1]\n"
                + "  - do: cut\n    from: master\n    to: slave_2\n");
    assertThat(((Step.Do) lesson.steps().get(0)).action())
        .isEqualTo(new Action.Cut("master", "slave_1"));
    assertThat(((Step.Do) lesson.steps().get(1)).action())
        .isEqualTo(new Action.CutOneWay("master", "slave_2"));
    assertThat(
            stepError(
                "  - do: cut\n    from: master\n    to: slave_1\n    between: [master, slave_1]\n"))
        .startsWith(FILE + ":5: `do: cut` needs either `between` or `from` and `to`");
    assertThat(stepError("  - do: cut\n    from: master\n    to: slave_9\n"))
        .startsWith(FILE + ":7: no node 'slave_9'");
  }

  @Test
  void askNeedsTwoChoicesARightOneAndWhy() {
    assertThat(stepError("  - ask: Q?\n    choices: [only]\n    answer: only\n    why: W\n"))
        .startsWith(FILE + ":6: a question needs at least two choices");
    assertThat(stepError("  - ask: Q?\n    choices: [a, b]\n    answer: c\n    why: W\n"))
        .startsWith(FILE + ":7: the answer 'c' is not one of the choices");
    assertThat(stepError("  - ask: Q?\n    choices: [a, b]\n    answer: 3\n    why: W\n"))
        .startsWith(FILE + ":7: `answer` is 3, out of range");
    assertThat(stepError("  - ask: Q?\n    choices: [a, b]\n    answer: a\n"))
        .startsWith(FILE + ":5: missing `why`");
  }

  @Test
  void badDurationSaysHowToWriteOne() {
    assertThat(stepError("  - do: wait\n    for: soon\n"))
        .isEqualTo(
            FILE
                + ":6: `for` is 'soon', not a"
                + " duration. Fix: write a time such as 500ms, 2s or 1.5s.");
    assertThat(stepError("  - do: wait\n    for: 10m\n"))
        .startsWith(FILE + ":6: `for` is '10m', not a duration");
    assertThat(stepError("  - do: wait\n    for: 0s\n"))
        .startsWith(FILE + ":6: `for` is 0s, out of range");
  }

  @Test
  void badNumberIsRefused() {
    assertThat(stepError("  - do: slow\n    node: slave_1\n    seconds: fast\n"))
        .startsWith(FILE + ":7: `seconds` is 'fast', not a whole number");
    assertThat(stepError("  - do: start_load\n    read_ratio: 2\n"))
        .startsWith(FILE + ":6: `read_ratio` is '2'");
  }

  @Test
  void badBooleanIsRefused() {
    assertThat(stepError("  - do: step_mode\n    on: maybe\n"))
        .isEqualTo(FILE + ":6: `on` is 'maybe'. Fix: write" + " true or false (or on/off).");
  }

  @Test
  void unknownOutcomeListsTheWords() {
    assertThat(
            stepError(
                "  - do: get\n    node: master\n    key: x\n  - expect: result\n    outcome: great\n"))
        .startsWith(FILE + ":9: unknown outcome 'great'")
        .contains("UNAVAILABLE");
  }

  @Test
  void resultMustReferToAnEarlierOperation() {
    assertThat(stepError("  - expect: result\n    outcome: ok\n"))
        .startsWith(FILE + ":5: `expect: result` comes before any put or get");
    assertThat(
            stepError(
                "  - do: get\n    node: master\n    key: x\n  - expect: result\n    of: p\n    outcome: ok\n"))
        .startsWith(FILE + ":9: no earlier operation is called 'p'");
    assertThat(
            stepError(
                "  - do: get\n    node: master\n    key: x\n    as: p\n"
                    + "  - do: get\n    node: master\n    key: y\n    as: p\n"))
        .startsWith(FILE + ":12: an earlier operation is already called 'p'");
  }

  @Test
  void expectationMustCheckSomething() {
    assertThat(stepError("  - do: get\n    node: master\n    key: x\n  - expect: result\n"))
        .startsWith(FILE + ":8: `expect: result` says nothing to check");
    assertThat(stepError("  - expect: node\n    node: master\n"))
        .startsWith(FILE + ":5: `expect: node` says" + " nothing to check");
    assertThat(stepError("  - expect: node\n    node: master\n    value: v\n"))
        .startsWith(FILE + ":5: `value`, `absent` and `transaction` are about a key");
    assertThat(stepError("  - expect: event\n    node: master\n"))
        .startsWith(FILE + ":5: `expect: event` needs a" + " `type` or a `label`");
  }

  @Test
  void unknownExpectationKindIsRefused() {
    assertThat(stepError("  - expect: weather\n"))
        .startsWith(FILE + ":5: unknown expectation 'weather'");
  }

  @Test
  void eventChecksAreValidated() {
    assertThat(stepError("  - expect: event\n    type: SEND\n"))
        .startsWith(FILE + ":6: unknown event type 'SEND'");
    assertThat(stepError("  - expect: node\n    node: master\n    process: dead\n"))
        .startsWith(FILE + ":7: unknown process state 'dead'");
    assertThat(
            stepError("  - expect: event\n    label: prepare\n    absent: true\n    within: 1s\n"))
        .startsWith(FILE + ":8: an absent event has no time bound");
    assertThat(stepError("  - expect: event\n    label: prepare\n    since: yesterday\n"))
        .startsWith(FILE + ":7: `since` is 'yesterday'");
  }

  @Test
  void verdictSaysWhichWay() throws Exception {
    Lesson lesson =
        parse(
            HEAD
                + "  - do: get\n    node: master\n    key: x\n  - expect: verdict\n    linearizable: no\n");
    assertThat(((Step.Expect) lesson.steps().get(1)).expectation())
        .isEqualTo(new Expectation.Verdict(false));
    assertThat(stepError("  - do: get\n    node: master\n    key: x\n  - expect: verdict\n"))
        .startsWith(FILE + ":8: missing `linearizable`");
    assertThat(stepError("  - expect: verdict\n    linearizable: yes\n"))
        .startsWith(FILE + ":5: `expect: verdict` comes before any put or get");
  }

  @Test
  void everyShippedLessonLoads() throws Exception {
    List<Path> lessons = ShippedLessons.files();
    assertThat(lessons).hasSizeGreaterThanOrEqualTo(8);
    for (Path file : lessons) {
      Lesson lesson = LessonLoader.load(file);
      assertThat(lesson.steps()).as(file.toString()).anyMatch(Step.Ask.class::isInstance);
      assertThat(lesson.tradeOff()).as(file + " states its CAP trade-off").isNotEmpty();
    }
  }
}
