package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.HistoryJson;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.tier.NemesisRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `caplab nemesis` on real node processes, run in this JVM as the command line runs it: a short
 * campaign per mode must inject at least 30 faults and find nothing lost, nothing stale and a
 * linearizable history; with quorums that do not intersect, the same campaign must catch the stale
 * reads they allow.
 */
@NemesisRun
class NemesisCommandTest {

  private static final Pattern SUMMARY =
      Pattern.compile(
          "faults=(\\d+) ops=(\\d+) acked=(\\d+) lost=(\\d+) stale=(\\d+) linearizable=(yes|no)");

  @TempDir Path dir;

  record Run(int exitCode, String out, Matcher summary) {}

  private Run nemesis(String config, int seconds, long seed, String faults) throws Exception {
    Path file = Files.writeString(dir.resolve("cluster.yaml"), config);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          Main.execute(
              "nemesis",
              "--config",
              file.toString(),
              "--duration",
              String.valueOf(seconds),
              "--seed",
              String.valueOf(seed),
              "--faults",
              faults,
              "--data",
              dir.resolve("data").toString());
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out); // the campaign's log, for whoever reads the test report
    List<String> lines = out.lines().toList();
    Matcher summary = SUMMARY.matcher(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    assertThat(summary.matches()).as("last line of:\n%s", out).isTrue();
    return new Run(code, out, summary);
  }

  @Test
  void centralizedClusterLosesNothingUnderThirtyFaults() throws Exception {
    Run run =
        nemesis(
            """
        master: {ip: 127.0.0.1, port: 25101}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 25102}
          - {id: slave_2, ip: 127.0.0.1, port: 25103}
        """,
            50,
            11,
            "kill,restart,partition,slow,hold");
    assertClean(run);
  }

  @Test
  void decentralizedClusterLosesNothingUnderThirtyFaults() throws Exception {
    Run run =
        nemesis(
            """
        read_quorum: 2
        write_quorum: 3
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 25111, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 25112, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 25113, weight: 1}
        """,
            50,
            12,
            "kill,restart,partition,slow,hold");
    assertClean(run);
  }

  @Test
  void weakQuorumsAreCaughtServingStaleReads() throws Exception {
    // One vote reads, one vote writes: a partitioned node keeps answering with what it had.
    Run run =
        nemesis(
            """
        read_quorum: 1
        write_quorum: 1
        unsafe_quorums: true
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 25121}
          - {id: node_1, ip: 127.0.0.1, port: 25122}
          - {id: node_2, ip: 127.0.0.1, port: 25123}
        """,
            25,
            13,
            "partition");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.summary().group(6)).isEqualTo("no");
    assertThat(run.out()).contains("linearizable: no");
  }

  @Test
  void unknownFaultOrUsedDataDirectoryIsAUsageError() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("usage.yaml"),
            """
        master: {ip: 127.0.0.1, port: 25131}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 25132}
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Main.execute("nemesis", "--config", config.toString(), "--faults", "kill,flood"))
          .isEqualTo(2);
      Files.createDirectories(dir.resolve("used/slave_1"));
      Files.writeString(dir.resolve("used/slave_1/store.log"), "old data");
      assertThat(
              Main.execute(
                  "nemesis",
                  "--config",
                  config.toString(),
                  "--data",
                  dir.resolve("used").toString()))
          .isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "nemesis: --faults: unknown fault 'flood'; use kill, restart, partition, slow, hold",
            "already holds node data, which the history would not explain. Fix: pass a new or empty --data directory.");
  }

  private void assertClean(Run run) throws Exception {
    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(Integer.parseInt(run.summary().group(1))).as("faults").isGreaterThanOrEqualTo(30);
    assertThat(Integer.parseInt(run.summary().group(3))).as("acknowledged puts").isGreaterThan(20);
    assertThat(run.summary().group(4)).isEqualTo("0");
    assertThat(run.summary().group(5)).isEqualTo("0");
    assertThat(run.summary().group(6)).isEqualTo("yes");
    // Every kind of fault happened, the master / node_1 among the killed.
    assertThat(run.out()).contains(" kill ", " restart ", " partition ", " slow ", " hold ");
    // The history file is what `caplab check` reads, and agrees.
    Path history = dir.resolve("data/history.jsonl");
    assertThat(LinearizabilityChecker.check(HistoryJson.read(history)).operations())
        .isEqualTo(Integer.parseInt(run.summary().group(2)));
  }
}
