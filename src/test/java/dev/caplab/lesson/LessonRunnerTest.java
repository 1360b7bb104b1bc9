package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.tier.MultiProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on a real cluster (ports 28020-28029): what a failing step reports. */
@MultiProcess
class LessonRunnerTest {

  @Test
  void deliveringAMessageNobodyHoldsFailsWithWhatIsHeld(@TempDir Path dir) throws Exception {
    Lesson lesson =
        LessonLoader.parse(
            dir.resolve("held.yaml"),
            """
        title: Deliver what is not held
        summary: S
        config: centralized
        steps:
          - do: step_mode
            on: true
            nodes: [master]
          - do: put
            node: master
            key: x
            value: "1"
          - expect: event
            node: master
            type: HELD
            label: prepare
            peer: slave_2
          - do: deliver
            message: commit
            from: master
            to: slave_1
            within: 500ms
          - do: fail
            node: slave_1
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LessonRunner.Report report =
        LessonRunner.run(
            lesson,
            new LessonRunner.Options(
                dir.resolve("run"), 28020, new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertThat(report.passed()).isFalse();
    assertThat(report.failedLine()).isEqualTo(17);
    assertThat(report.message())
        .isEqualTo(
            "no held message commit master->slave_1 within 500 ms; master holds"
                + " [prepare->slave_1 x, prepare->slave_2 x]");
    assertThat(report.summary())
        .startsWith("FAIL " + dir.resolve("held.yaml") + ":17: no held message");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("step mode on on [master]")
        .doesNotContain("killed slave_1");
  }

  @Test
  void anAbsentEventThatHappenedFailsWithTheEvent(@TempDir Path dir) throws Exception {
    Lesson lesson =
        LessonLoader.parse(
            dir.resolve("absent.yaml"),
            """
        title: Claim that a put sends no prepare
        summary: S
        config: decentralized
        steps:
          - do: put
            node: node_0
            key: x
            value: "1"
          - expect: result
            outcome: ok
          - expect: event
            node: node_0
            type: SENT
            label: vote-request
            peer: node_2
            absent: true
        """);
    LessonRunner.Report report =
        LessonRunner.run(
            lesson,
            new LessonRunner.Options(
                dir.resolve("run"),
                28023,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertThat(report.passed()).isFalse();
    assertThat(report.failedLine()).isEqualTo(11);
    assertThat(report.message())
        .isEqualTo(
            "expected no event (node node_0, type SENT, label vote-request, peer"
                + " node_2); saw node_0 SENT vote-request to node_2 key x");
  }

  @Test
  void aClusterThatCannotStartFailsTheLessonAndLeavesNothingRunning(@TempDir Path dir)
      throws Exception {
    Lesson lesson =
        LessonLoader.parse(
            dir.resolve("busy.yaml"),
            """
        title: Start on a port that is taken
        summary: S
        config: centralized
        steps:
          - do: fail
            node: slave_1
        """);
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 28027)); // slave_1's port with base 28026
      LessonRunner.Report report =
          LessonRunner.run(
              lesson,
              new LessonRunner.Options(
                  dir.resolve("run"),
                  28026,
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
      assertThat(report.passed()).isFalse();
      assertThat(report.failedLine()).isZero();
      assertThat(report.summary())
          .startsWith("FAIL " + dir.resolve("busy.yaml") + ": the cluster did not start:")
          .contains("slave_1", "28027 is already in use");
    }
    for (int port : new int[] {28026, 28028}) {
      try (ServerSocket free = new ServerSocket()) {
        free.setReuseAddress(
            true); // connections closed a moment ago may linger in TIME_WAIT; a listener may not
        free.bind(
            new InetSocketAddress("127.0.0.1", port)); // the nodes that did start were stopped
      }
    }
  }
}
