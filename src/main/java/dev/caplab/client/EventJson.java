package dev.caplab.client;

/**
 * One {@link NodeEvent} as one line of JSON (JSON Lines), the format of `caplab watch` and of saved traces.
 * Field names are the record's in snake_case, in its order; every field is always present. Stateless.
 */
public final class EventJson {

  private EventJson() {}

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
