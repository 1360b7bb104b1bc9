package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `caplab check HISTORY.jsonl`: exit 0 linearizable, 1 not, 2 unreadable. */
class CheckCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private static String op(
      String process,
      String op,
      String key,
      String value,
      long invoke,
      long complete,
      String outcome) {
    return "{\"process\":\""
        + process
        + "\",\"op\":\""
        + op
        + "\",\"key\":\""
        + key
        + "\",\"value\":"
        + (value == null ? "null" : "\"" + value + "\"")
        + ",\"invoke_micros\":"
        + invoke
        + ",\"complete_micros\":"
        + complete
        + ",\"outcome\":\""
        + outcome
        + "\"}\n";
  }

  @Test
  void linearizableHistoryExitsZero() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("ok.jsonl"),
            op("c1", "put", "color", "red", 0, 100, "ok")
                + op("c2", "get", "color", "red", 150, 200, "ok")
                + op("c1", "put", "color", "blue", 300, 400, "unknown")
                + op("c2", "get", "size", null, 300, 400, "ok")
                + op("c2", "put", "size", "L", 500, 600, "fail"));
    int code = Main.execute("check", file.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("linearizable: yes (5 ops, 2 keys)\n");
  }

  @Test
  void staleReadExitsOneAndNamesTheOperations() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("stale.jsonl"),
            op("c1", "put", "color", "red", 0, 1_000_000, "ok")
                + op("c1", "put", "color", "blue", 2_000_000, 12_100_000, "ok")
                + op("c2", "get", "color", "red", 12_310_000, 12_400_000, "ok"));
    int code = Main.execute("check", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith(
            "linearizable: no\n"
                + "stale read: get(color) → red at 12.31 s, after put(color, blue) completed at 12.10 s")
        .contains(
            "operations on key color involved:\n  put(color, red)",
            "  get(color) → red",
            "c2, invoked 12.310000 s, completed 12.400000 s (ok)");
  }

  @Test
  void badLineExitsTwoNamingTheLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            op("c1", "put", "color", "red", 0, 100, "ok")
                + op("c1", "put", "color", "red", 0, 100, "maybe"));
    int code = Main.execute("check", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo(
            file + ":2: \"outcome\" is \"maybe\"." + " Fix: use \"ok\", \"fail\" or \"unknown\".");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void missingFileExitsTwo() {
    Path file = dir.resolve("nope.jsonl");
    assertThat(Main.execute("check", file.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo(file + ": no such file. Fix: give the path of a history file (JSON Lines).");
  }
}
