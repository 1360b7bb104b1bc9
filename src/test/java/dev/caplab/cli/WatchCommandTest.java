package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.NodeEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WatchCommandTest {

  private static final NodeEvent PREPARE =
      new NodeEvent(
          "master", 3, 5, 1000, "SENT", "prepare", "slave_1", "k", "1", "1@master", 0, 0, 0, "", 0);

  @Test
  void eventsGoToStdoutOnePerLineAndNoticesToStderr() {
    StringWriter out = new StringWriter();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    WatchCommand.Printer printer =
        new WatchCommand.Printer(
            out, new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(1));

    printer.onConnection("master", true);
    printer.onEvents(List.of(PREPARE, PREPARE));
    printer.onGap("slave_1", 4, 9);

    assertThat(out.toString().split("\n"))
        .hasSize(2)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("{\"node\":\"master\",\"seq\":3,")
                    .endsWith("\"cause_seq\":0}"));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("master: connected")
        .contains("slave_1: events 4..9 were lost");
  }

  @Test
  void aClosedOutputEndsTheCommand() {
    CountDownLatch stopped = new CountDownLatch(1);
    Writer closed =
        new Writer() {
          @Override
          public void write(char[] buffer, int offset, int length) throws IOException {
            throw new IOException("Broken pipe");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    WatchCommand.Printer printer =
        new WatchCommand.Printer(closed, new PrintStream(new ByteArrayOutputStream()), stopped);

    printer.onEvents(List.of(PREPARE));
    printer.onEvents(List.of(PREPARE));

    assertThat(stopped.getCount()).isZero();
  }
}
