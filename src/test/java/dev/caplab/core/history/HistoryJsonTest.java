package dev.caplab.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.core.history.Operation.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryJsonTest {

  @TempDir Path dir;

  @Test
  void writesTheContractFormat() {
    Operation op = Operation.get("client-1", "color", null, 10, 25, Outcome.OK);
    assertThat(HistoryJson.format(op))
        .isEqualTo(
            "{\"process\":\"client-1\",\"op\":\"get\",\"key\":\"color\","
                + "\"value\":null,\"invoke_micros\":10,\"complete_micros\":25,\"outcome\":\"ok\"}");
  }

  @Test
  void awkwardStringsSurviveARoundTrip() throws Exception {
    List<Operation> ops =
        List.of(
            Operation.put(
                "c\"1\"", "k\\ey", "héllo \"wörld\"\n\t\u0000 ☃ 𝄞 \u2028", 1, 2, Outcome.OK),
            Operation.get("c/2", "", null, 3, 4, Outcome.UNKNOWN),
            Operation.put("c3", "k", "", 5, 6, Outcome.FAIL),
            Operation.get("c4", "k", "null", -7, 8, Outcome.OK));
    Path file = dir.resolve("history.jsonl");
    HistoryJson.write(file, ops);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .hasSize(4)
        .allSatisfy(line -> assertThat(line).doesNotContain("\u0000").doesNotContain("\u2028"));
    assertThat(HistoryJson.read(file)).isEqualTo(ops);
  }

  @Test
  void readsEscapesSpacesAndUnknownFields() {
    Operation op =
        HistoryJson.parse(
            " { \"op\" : \"put\", \"key\":\"\\u00e9t\\u00E9\", \"value\":\"a\\/b\\\\\","
                + " \"process\":\"p\", \"invoke_micros\":1, \"complete_micros\":1, \"outcome\":\"unknown\", \"node\":\"x\","
                + " \"extra\": true } ");
    assertThat(op).isEqualTo(Operation.put("p", "été", "a/b\\", 1, 1, Outcome.UNKNOWN));
  }

  @Test
  void blankLinesAreSkipped() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("h.jsonl"),
            "\n" + HistoryJson.format(Operation.put("p", "k", "v", 1, 2, Outcome.OK)) + "\n\n");
    assertThat(HistoryJson.read(file)).hasSize(1);
  }

  @Test
  void badLinesNameTheFileTheLineAndTheFix() throws Exception {
    String good =
        "{\"process\":\"p\",\"op\":\"put\",\"key\":\"k\",\"value\":\"v\",\"invoke_micros\":1,"
            + "\"complete_micros\":2,\"outcome\":\"ok\"}";
    assertBad(
        good + "\n" + good.replace("\"put\"", "\"delete\""),
        2,
        "\"op\" is \"delete\". Fix: use \"put\" or \"get\".");
    assertBad(
        good.replace("\"outcome\":\"ok\"", "\"outcome\":\"maybe\""),
        1,
        "\"outcome\" is \"maybe\". Fix: use \"ok\", \"fail\" or \"unknown\".");
    assertBad(
        good.replace(",\"key\":\"k\"", ""),
        1,
        "missing \"key\". Fix: every line needs process, op, key,"
            + " value, invoke_micros, complete_micros and outcome.");
    assertBad(
        good.replace("\"value\":\"v\"", "\"value\":null"),
        1,
        "a put with \"value\": null. Fix: give the value the put wrote.");
    assertBad(
        good.replace("\"complete_micros\":2", "\"complete_micros\":0"),
        1,
        "\"complete_micros\" 0 is before \"invoke_micros\" 1. Fix: record the completion time after the"
            + " invocation, on the same clock.");
    assertBad(
        good.replace("\"invoke_micros\":1", "\"invoke_micros\":1.5"),
        1,
        "\"invoke_micros\" is not a whole number. Fix: write microseconds as an integer.");
    assertBad(
        good.replace("\"invoke_micros\":1", "\"invoke_micros\":\"1\""),
        1,
        "\"invoke_micros\" must be a whole number of microseconds. Fix: write it without quotes, fraction or"
            + " exponent.");
    assertBad(good.substring(0, 30), 1, "unterminated string. Fix: close it with '\"'.");
    assertBad(
        good + good,
        1,
        "text after the object at column "
            + (good.length() + 1)
            + ". Fix: one JSON object per line.");
    assertBad(
        "[1, 2]",
        1,
        "expected a JSON object per line at column 1, found '['. Fix: one JSON object per line,"
            + " e.g. {\"process\":\"c1\",\"op\":\"put\",\"key\":\"k\",\"value\":\"v\",\"invoke_micros\":1,"
            + "\"complete_micros\":2,\"outcome\":\"ok\"}");
    assertBad(
        good.replace("\"key\":\"k\"", "\"key\":\"k\",\"key\":\"j\""),
        1,
        "\"key\" appears twice. Fix: give each field once.");
  }

  @Test
  void fileThatIsNotUtf8IsRefused() throws Exception {
    Path file = Files.write(dir.resolve("latin1.jsonl"), new byte[] {'{', (byte) 0xE9, '}', '\n'});
    assertThatThrownBy(() -> HistoryJson.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(file + ": not UTF-8 text. Fix: write the history as UTF-8 JSON Lines.");
  }

  private void assertBad(String content, int line, String message) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.jsonl"), content + "\n");
    assertThatThrownBy(() -> HistoryJson.read(file))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(file + ":" + line + ": " + message)
        .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isEqualTo(line));
  }
}
