package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.tier.MultiProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `caplab lesson check` and `caplab lesson run`, in this JVM with stdout and stderr captured. */
@MultiProcess
class LessonCommandTest {

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static synchronized Run caplab(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void checkAcceptsEveryShippedLesson() throws Exception {
    String[] args;
    try (var files = Files.list(Path.of("assets/lessons"))) {
      args =
          java.util.stream.Stream.concat(
                  java.util.stream.Stream.of("lesson", "check"),
                  files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(Path::toString))
              .toArray(String[]::new);
    }
    Run run = caplab(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("ok assets/lessons/")))
        .hasSize(args.length - 2);
  }

  @Test
  void checkNamesTheFileLineAndFixOfABadLesson() throws Exception {
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
        title: T
        summary: S
        config: centralized
        steps:
          - do: fail
            node: slave_7
        """);
    Run run = caplab("lesson", "check", bad.toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip())
        .isEqualTo(
            bad
                + ":6: no node 'slave_7' in the lesson's config. Fix: use one of"
                + " [master, slave_1, slave_2].");
  }

  @Test
  void runStopsAtTheFirstFailedExpectationNamingItsLine() throws Exception {
    Path lesson =
        Files.writeString(
            dir.resolve("wrong.yaml"),
            """
        title: A lesson that expects the wrong value
        summary: S
        config: centralized
        steps:
          - say: Put x, then read it back.
          - do: put
            node: master
            key: x
            value: "1"
          - expect: result
            outcome: ok
          - do: get
            node: slave_1
            key: x
          - expect: result
            value: "2"
          - do: fail
            node: slave_1
        """);
    Run run =
        caplab(
            "lesson",
            "run",
            lesson.toString(),
            "--port-base",
            "28010",
            "--data",
            dir.resolve("runs").toString(),
            "--narrate");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "FAIL "
                + lesson
                + ":15: expected get x on slave_1 to end with ok, value '2';"
                + " it ended with ok, value '1'");
    assertThat(run.out())
        .contains("  5 say: Put x, then read it back.", "  10 ok: put x=1 on master: ok")
        .doesNotContain("killed slave_1");
    assertThat(dir.resolve("runs/wrong/events.jsonl")).content().contains("\"label\":\"prepare\"");
  }
}
