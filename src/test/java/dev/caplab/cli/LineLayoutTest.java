package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** The hand-written log line reads exactly as the pattern it replaces. */
class LineLayoutTest {

  private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

  @Test
  void writesWhatThePatternWrites() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
    LineLayout line = new LineLayout();
    line.setContext(context);
    line.start();
    String[] names = {
      "dev.caplab.server.Node",
      "dev.caplab.core.twopc.CentralizedReplicas",
      "io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline",
      "ROOT",
      "a.b.VeryLongClassNameThatAloneIsLongerThanThirtySixCharacters"
    };
    long[] times = {0, 7, 1_764_763_200_045L, 1_764_763_261_999L};
    for (String name : names) {
      for (long time : times) {
        for (Throwable thrown : new Throwable[] {null, new IllegalStateException("disk full")}) {
          Logger logger = context.getLogger(name);
          LoggingEvent event =
              new LoggingEvent(
                  Logger.class.getName(), logger, Level.WARN, "node {} is {}", thrown, null);
          event.setArgumentArray(new Object[] {"node_1", "serving"});
          event.setTimeStamp(time);
          event.setThreadName("grpc-default-executor-0");
          assertThat(line.doLayout(event)).isEqualTo(pattern.doLayout(event));
        }
      }
    }
  }
}
