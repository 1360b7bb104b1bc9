package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare lessons: two clusters side by side, steps naming a node of either, or a role of both. */
class CompareLessonTest {

  private static final Path FILE = Path.of("assets/lessons/test.yaml");

  private static Lesson parse(String yaml) throws LessonException {
    return LessonLoader.parse(FILE, yaml);
  }

  private static String errorOf(String yaml) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(LessonException.class);
    try {
      parse(yaml);
      return "";
    } catch (LessonException e) {
      return e.getMessage();
    }
  }

  @Test
  void configCompareRunsTheBundledPairAndARoleNamesTheNodeOfEach() throws Exception {
    Lesson lesson =
        parse(
            """
        title: T
        summary: S
        config: compare
        steps:
          - do: put
            node: node_2
            key: k
            value: v
          - do: fail
            role: coordinator
          - do: slow
            role: replica
            seconds: 1
          - do: isolate
            node: slave_2
        """);
    assertThat(lesson.compares()).isTrue();
    assertThat(lesson.clusters())
        .extracting(ClusterConfig::mode)
        .containsExactly(Mode.CENTRALIZED, Mode.DECENTRALIZED);
    assertThat(((Step.Do) lesson.steps().get(1)).action())
        .isEqualTo(
            new Action.ByRole(
                NodeRole.COORDINATOR,
                List.of(new Action.Fail("master"), new Action.Fail("node_1"))));
    assertThat(((Step.Do) lesson.steps().get(2)).action())
        .isEqualTo(
            new Action.ByRole(
                NodeRole.REPLICA,
                List.of(new Action.Slow("slave_1", 1), new Action.Slow("node_0", 1))));
    assertThat(((Step.Do) lesson.steps().get(3)).action()).isEqualTo(new Action.Isolate("slave_2"));
  }

  @Test
  void theListedFormTakesOverridesAndPutsTheCentralizedClusterFirst() throws Exception {
    Lesson lesson =
        parse(
            """
        title: T
        summary: S
        config:
          compare:
            - {base: decentralized, set: {request_timeout_ms: 900}}
            - centralized
        steps:
          - say: hello
        """);
    assertThat(lesson.config().cluster().mode()).isEqualTo(Mode.CENTRALIZED);
    assertThat(lesson.beside().orElseThrow().cluster().requestTimeout().toMillis()).isEqualTo(900);
  }

  @Test
  void aRoleOnASingleClusterMeansItsOwnNode() throws Exception {
    Lesson lesson =
        parse(
            """
        title: T
        summary: S
        config: decentralized
        steps:
          - do: recover
            role: coordinator
        """);
    assertThat(lesson.compares()).isFalse();
    assertThat(((Step.Do) lesson.steps().get(0)).action())
        .isEqualTo(new Action.ByRole(NodeRole.COORDINATOR, List.of(new Action.Recover("node_1"))));
  }

  @Test
  void badCompareLessonsNameTheLineAndTheFix() {
    String head = "title: T\nsummary: S\n";
    assertThat(errorOf(head + "config:\n  compare: [centralized]\nsteps:\n  - say: x\n"))
        .isEqualTo(
            FILE
                + ":4: `compare` lists 1 configs. Fix: list two: a centralized and a decentralized one, e.g. `compare:"
                + " [centralized, decentralized]`.");
    assertThat(
            errorOf(
                head + "config:\n  compare: [decentralized, decentralized]\nsteps:\n  - say: x\n"))
        .isEqualTo(
            FILE
                + ":4: a compare run needs one centralized and one decentralized config. Fix: name one of"
                + " each, e.g. `compare: [centralized, decentralized]`.");
    assertThat(errorOf(head + "config: compare\nsteps:\n  - do: fail\n    role: leader\n"))
        .isEqualTo(
            FILE
                + ":6: unknown role 'leader'. Fix: use `coordinator` (the master / the node with the most votes) or"
                + " `replica` (a slave / a node with the fewest votes).");
    assertThat(
            errorOf(
                head
                    + "config: compare\nsteps:\n  - do: fail\n    role: replica\n    node: master\n"))
        .startsWith(FILE + ":5: `do: fail` needs either `node` or `role`.");
    assertThat(
            errorOf(head + "config: compare\nsteps:\n  - do: cut\n    between: [master, node_0]\n"))
        .isEqualTo(
            FILE
                + ":6: master and node_0 are in different clusters, with no link between them. Fix: name"
                + " two nodes of the same cluster.");
    assertThat(errorOf(head + "config: compare\nsteps:\n  - do: restart_cluster\n"))
        .isEqualTo(
            FILE
                + ":5: a compare lesson cannot restart its clusters. Fix: write a separate lesson for the other config.");
  }

  @Test
  void aPairIsWrittenOnConsecutivePortsFromItsBase(@TempDir Path dir) throws Exception {
    List<ClusterConfig> written = ComparePair.bundled().writeTo(dir, 30750);
    assertThat(ComparePair.ports(written.get(0))).isEqualTo("30750-30752");
    assertThat(ComparePair.ports(written.get(1))).isEqualTo("30753-30755");
    assertThat(ConfigLoader.load(dir.resolve("decentralized/cluster.yaml")).node("node_1").weight())
        .isEqualTo(2);
    assertThat(ComparePair.ports(ComparePair.bundled().writeTo(dir.resolve("default"), 0).get(0)))
        .isEqualTo(ComparePair.DEFAULT_PORT_BASE + "-" + (ComparePair.DEFAULT_PORT_BASE + 2));
    assertThat(Files.exists(dir.resolve("centralized/cluster.yaml"))).isTrue();
  }
}
