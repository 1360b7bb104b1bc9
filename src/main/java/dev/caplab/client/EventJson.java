package dev.caplab.client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link NodeEvent} as one line of JSON (JSON Lines), the format of `caplab watch` and of saved
 * traces. Field names are the record's in snake_case, in its order; every field is always present.
 * Stateless.
 */
public final class EventJson {

  private static final List<String> FIELDS =
      List.of(
          "node",
          "seq",
          "lamport",
          "wall_millis",
          "type",
          "label",
          "peer",
          "key",
          "tx_id",
          "version",
          "votes",
          "needed",
          "micros",
          "detail",
          "cause_seq");

  private EventJson() {}

  /**
   * Reads one line as written by {@link #toJson}; IllegalArgumentException says what is wrong and
   * how to fix it. Fields may come in any order; unknown ones are ignored.
   */
  public static NodeEvent parse(String line) {
    Map<String, Object> f = new FlatObject(line).read();
    for (String name : FIELDS) {
      if (!f.containsKey(name)) {
        throw new IllegalArgumentException(
            "missing \""
                + name
                + "\". Fix: save traces with the lab or `caplab"
                + " watch`; every line needs "
                + String.join(", ", FIELDS)
                + ".");
      }
    }
    return new NodeEvent(
        text(f, "node"),
        number(f, "seq"),
        number(f, "lamport"),
        number(f, "wall_millis"),
        text(f, "type"),
        text(f, "label"),
        text(f, "peer"),
        text(f, "key"),
        text(f, "tx_id"),
        text(f, "version"),
        (int) number(f, "votes"),
        (int) number(f, "needed"),
        number(f, "micros"),
        text(f, "detail"),
        number(f, "cause_seq"));
  }

  private static String text(Map<String, Object> f, String name) {
    if (f.get(name) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("\"" + name + "\" must be a string. Fix: quote it.");
  }

  private static long number(Map<String, Object> f, String name) {
    if (f.get(name) instanceof Long n) {
      return n;
    }
    throw new IllegalArgumentException(
        "\"" + name + "\" must be a whole number. Fix: write it without quotes.");
  }

  /** A JSON object whose values are strings or whole numbers: all a trace line holds. */
  private static final class FlatObject {
    private final String s;
    private int i;

    FlatObject(String s) {
      this.s = s;
    }

    Map<String, Object> read() {
      Map<String, Object> fields = new HashMap<>();
      skip();
      expect('{');
      skip();
      if (peek() == '}') {
        i++;
        return fields;
      }
      while (true) {
        skip();
        String name = string();
        skip();
        expect(':');
        skip();
        fields.put(name, peek() == '"' ? string() : number());
        skip();
        if (peek() == ',') {
          i++;
        } else {
          expect('}');
          skip();
          if (i < s.length()) {
            throw error("text after the closing }");
          }
          return fields;
        }
      }
    }

    private long number() {
      int start = i;
      if (peek() == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      try {
        return Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw error("a value that is neither a string nor a whole number");
      }
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw error("a string that does not end");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = i < s.length() ? s.charAt(i++) : ' ';
        switch (e) {
          case '"', '\\', '/' -> out.append(e);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("a cut-off \\u escape");
            }
            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("an unknown escape \\" + e);
        }
      }
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("'" + c + "' expected at column " + (i + 1));
      }
      i++;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "not a trace line: "
              + what
              + ". Fix: one JSON object per line, as"
              + " `caplab watch` prints.");
    }
  }

  public static String toJson(NodeEvent e) {
    StringBuilder json = new StringBuilder(160);
    json.append('{');
    string(json, "node", e.node()).append(',');
    number(json, "seq", e.seq()).append(',');
    number(json, "lamport", e.lamport()).append(',');
    number(json, "wall_millis", e.wallMillis()).append(',');
    string(json, "type", e.type()).append(',');
    string(json, "label", e.label()).append(',');
    string(json, "peer", e.peer()).append(',');
    string(json, "key", e.key()).append(',');
    string(json, "tx_id", e.txId()).append(',');
    string(json, "version", e.version()).append(',');
    number(json, "votes", e.votes()).append(',');
    number(json, "needed", e.needed()).append(',');
    number(json, "micros", e.micros()).append(',');
    string(json, "detail", e.detail()).append(',');
    number(json, "cause_seq", e.causeSeq());
    return json.append('}').toString();
  }

  private static StringBuilder number(StringBuilder json, String name, long value) {
    return json.append('"').append(name).append("\":").append(value);
  }

  private static StringBuilder string(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
