package dev.caplab.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * One log line, as the pattern {@code %d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n}
 * writes it (with the stack trace of an exception after it), formatted by hand: logback's pattern
 * parser and its converters cost a node or supervisor JVM about a tenth of a second of its start.
 */
final class LineLayout extends LayoutBase<ILoggingEvent> {

  static final int LOGGER_WIDTH = 36;
  private final ZoneId zone = ZoneId.systemDefault();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(128);
    LocalTime time = LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone);
    two(line, time.getHour()).append(':');
    two(line, time.getMinute()).append(':');
    two(line, time.getSecond()).append('.');
    int millis = time.getNano() / 1_000_000;
    line.append(millis < 100 ? (millis < 10 ? "00" : "0") : "").append(millis).append(' ');
    String level = event.getLevel().toString();
    line.append(level).append(" ".repeat(Math.max(0, 5 - level.length())));
    line.append(" [").append(event.getThreadName()).append("] ");
    line.append(abbreviate(event.getLoggerName())).append(" - ");
    line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown));
    }
    return line.toString();
  }

  /**
   * As logback's {@code %logger{36}}: package names cut to their first letter, leftmost first,
   * until the name fits; the class name is never cut.
   */
  static String abbreviate(String name) {
    if (name.length() <= LOGGER_WIDTH) {
      return name;
    }
    String[] parts = name.split("\\.");
    int length = name.length();
    for (int i = 0; i < parts.length - 1 && length > LOGGER_WIDTH; i++) {
      length -= parts[i].length() - 1;
      parts[i] = parts[i].isEmpty() ? "" : parts[i].substring(0, 1);
    }
    return String.join(".", parts);
  }

  private static StringBuilder two(StringBuilder line, int value) {
    return line.append(value < 10 ? "0" : "").append(value);
  }
}
