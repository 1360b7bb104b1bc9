package dev.caplab.core.history;

import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Histories as JSON Lines (DESIGN §2): one object per line with {@code process}, {@code op}, {@code
 * key}, {@code value}, {@code invoke_micros}, {@code complete_micros}, {@code outcome}. Hand-rolled
 * because the objects are flat; fields we do not know are ignored. Stateless.
 */
public final class HistoryJson {

  private HistoryJson() {}

  /** One line, without the newline. */
  public static String format(Operation op) {
    StringBuilder out = new StringBuilder(96);
    out.append("{\"process\":");
    string(out, op.process());
    out.append(",\"op\":\"")
        .append(op.type().name().toLowerCase(Locale.ROOT))
        .append("\",\"key\":");
    string(out, op.key());
    out.append(",\"value\":");
    if (op.value() == null) {
      out.append("null");
    } else {
      string(out, op.value());
    }
    out.append(",\"invoke_micros\":")
        .append(op.invokeMicros())
        .append(",\"complete_micros\":")
        .append(op.completeMicros())
        .append(",\"outcome\":\"")
        .append(op.outcome().name().toLowerCase(Locale.ROOT))
        .append("\"}");
    return out.toString();
  }

  /** Writes every operation, one per line, UTF-8. */
  public static void write(Writer out, Iterable<Operation> history) throws IOException {
    for (Operation op : history) {
      out.write(format(op));
      out.write('\n');
    }
  }

  public static void write(Path file, Iterable<Operation> history) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(out, history);
    }
  }

  /** Reads a whole file; blank lines are skipped. */
  public static List<Operation> read(Path file) throws IOException, HistoryFormatException {
    try {
      return JsonLines.read(file, HistoryJson::parse);
    } catch (JsonLines.BadLine e) {
      throw new HistoryFormatException(file + ":" + e.number() + ": " + e.getMessage(), e.number());
    } catch (CharacterCodingException e) {
      throw new HistoryFormatException(
          file + ": not UTF-8 text. Fix: write the history as UTF-8 JSON Lines.", 0);
    }
  }

  /** Parses one line; IllegalArgumentException says what is wrong and how to fix it. */
  public static Operation parse(String line) {
    Map<String, Object> fields = new Parser(line).object();
    String process = text(fields, "process");
    String op = text(fields, "op");
    Type type =
        switch (op) {
          case "put" -> Type.PUT;
          case "get" -> Type.GET;
          default ->
              throw new IllegalArgumentException(
                  "\"op\" is \"" + op + "\". Fix: use \"put\" or \"get\".");
        };
    String key = text(fields, "key");
    require(fields, "value");
    Object value = fields.get("value");
    if (value != null && !(value instanceof String)) {
      throw new IllegalArgumentException("\"value\" must be a string or null. Fix: quote it.");
    }
    if (type == Type.PUT && value == null) {
      throw new IllegalArgumentException(
          "a put with \"value\": null. Fix: give the value the put wrote.");
    }
    String outcomeText = text(fields, "outcome");
    Outcome outcome =
        switch (outcomeText) {
          case "ok" -> Outcome.OK;
          case "fail" -> Outcome.FAIL;
          case "unknown" -> Outcome.UNKNOWN;
          default ->
              throw new IllegalArgumentException(
                  "\"outcome\" is \""
                      + outcomeText
                      + "\". Fix: use \"ok\", \"fail\" or \"unknown\".");
        };
    long invoke = number(fields, "invoke_micros");
    long complete = number(fields, "complete_micros");
    if (complete < invoke) {
      throw new IllegalArgumentException(
          "\"complete_micros\" "
              + complete
              + " is before \"invoke_micros\" "
              + invoke
              + ". Fix: record the completion time after the invocation, on the same clock.");
    }
    return new Operation(process, type, key, (String) value, invoke, complete, outcome);
  }

  private static void require(Map<String, Object> fields, String name) {
    if (!fields.containsKey(name)) {
      throw new IllegalArgumentException(
          "missing \""
              + name
              + "\". Fix: every line needs process, op, key, value,"
              + " invoke_micros, complete_micros and outcome.");
    }
  }

  private static String text(Map<String, Object> fields, String name) {
    require(fields, name);
    if (!(fields.get(name) instanceof String text)) {
      throw new IllegalArgumentException("\"" + name + "\" must be a string. Fix: quote it.");
    }
    return text;
  }

  private static long number(Map<String, Object> fields, String name) {
    require(fields, name);
    if (!(fields.get(name) instanceof Long number)) {
      throw new IllegalArgumentException(
          "\""
              + name
              + "\" must be a whole number of microseconds. Fix: write it"
              + " without quotes, fraction or exponent.");
    }
    return number;
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * A flat JSON object of strings, whole numbers and nulls (booleans too, to name them in an
   * error).
   */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> fields = new HashMap<>();
      skipSpace();
      expect('{', "a JSON object per line");
      skipSpace();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          skipSpace();
          String name = string();
          skipSpace();
          expect(':', "':' after the field name");
          skipSpace();
          Object value = value(name);
          if (fields.containsKey(name)) {
            throw new IllegalArgumentException(
                "\"" + name + "\" appears twice. Fix: give each field once.");
          }
          fields.put(name, value);
          skipSpace();
          if (peek() == ',') {
            i++;
            continue;
          }
          expect('}', "',' or '}'");
          break;
        }
      }
      skipSpace();
      if (i < s.length()) {
        throw new IllegalArgumentException(
            "text after the object at column " + (i + 1) + ". Fix: one JSON object per line.");
      }
      return fields;
    }

    private Object value(String name) {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("null", i)) {
        i += 4;
        return null;
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = i;
        if (c == '-') {
          i++;
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i < s.length() && ".eE".indexOf(s.charAt(i)) >= 0) {
          throw new IllegalArgumentException(
              "\""
                  + name
                  + "\" is not a whole number. Fix: write microseconds as"
                  + " an integer.");
        }
        try {
          return Long.parseLong(s.substring(start, i));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "\""
                  + name
                  + "\" is not a number that fits 64 bits. Fix: write"
                  + " microseconds as an integer.");
        }
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (c == '{' || c == '[') {
        throw new IllegalArgumentException(
            "\""
                + name
                + "\" is an object or array. Fix: fields are strings, numbers"
                + " or null.");
      }
      throw error("a value");
    }

    private String string() {
      expect('"', "a string in double quotes");
      StringBuilder out = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string. Fix: close it with '\"'.");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c < 0x20) {
          throw new IllegalArgumentException(
              "raw control character in a string at column "
                  + i
                  + ". Fix: escape it (e.g. \\n, \\u0000).");
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string. Fix: close it with '\"'.");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw new IllegalArgumentException(
                  "short \\u escape at column " + i + ". Fix: four hex digits.");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException x) {
              throw new IllegalArgumentException(
                  "bad \\u escape at column " + i + ". Fix: four hex digits.");
            }
            i += 4;
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown escape \\"
                      + e
                      + " at column "
                      + i
                      + ". Fix: use \\\", \\\\, \\n, \\t or \\uXXXX.");
        }
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw new IllegalArgumentException(
            "the line ends too early. Fix: one complete JSON object per line.");
      }
      return s.charAt(i);
    }

    private void expect(char c, String what) {
      if (peek() != c) {
        throw error(what);
      }
      i++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "expected "
              + what
              + " at column "
              + (i + 1)
              + ", found '"
              + s.charAt(i)
              + "'. Fix: one JSON object per line, e.g. {\"process\":\"c1\",\"op\":\"put\",\"key\":\"k\",\"value\":\"v\","
              + "\"invoke_micros\":1,\"complete_micros\":2,\"outcome\":\"ok\"}");
    }

    private void skipSpace() {
      while (i < s.length() && " \t\r".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }
  }
}
