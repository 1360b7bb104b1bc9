package dev.caplab.lesson;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads values out of a YAML node tree, turning every problem into a {@link LessonException} that
 * names the file, the line of the node and the fix (the node tree keeps each node's position, plain
 * maps do not).
 */
final class YamlReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)?");

  private final Path source;

  YamlReader(Path source) {
    this.source = source;
  }

  /**
   * A mapping's entries by key; keys outside known (when not null) and keys given twice are
   * refused.
   */
  Map<String, NodeTuple> mapping(Node node, String what, Set<String> known) throws LessonException {
    if (!(node instanceof MappingNode map)) {
      throw error(
          node,
          what + " should be a mapping of `key: value` entries",
          "see assets/lessons/README.md");
    }
    Map<String, NodeTuple> result = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      String key = key(tuple);
      if (result.putIfAbsent(key, tuple) != null) {
        throw error(
            tuple.getKeyNode(),
            "`" + key + "` is given twice in " + what,
            "keep one `" + key + "`");
      }
      if (known != null && !known.contains(key)) {
        throw error(
            tuple.getKeyNode(),
            "unknown key `" + key + "` in " + what,
            "remove it or fix its spelling; known keys here: " + new TreeSet<>(known));
      }
    }
    return result;
  }

  List<Node> sequence(Node node, String what) throws LessonException {
    if (!(node instanceof SequenceNode seq)) {
      throw error(
          node,
          what + " should be a list (entries starting with `- `, or [a, b])",
          "write it as a list, e.g. `[a, b]`");
    }
    return seq.getValue();
  }

  /** A scalar, or a list of scalars. */
  List<String> texts(NodeTuple tuple) throws LessonException {
    if (tuple.getValueNode() instanceof ScalarNode scalar) {
      return List.of(scalar.getValue());
    }
    List<String> values = new ArrayList<>();
    for (Node item : sequence(tuple.getValueNode(), "`" + key(tuple) + "`")) {
      values.add(scalar(item, key(tuple)));
    }
    return values;
  }

  String text(NodeTuple tuple) throws LessonException {
    return scalar(tuple.getValueNode(), key(tuple));
  }

  /** A text that must not be blank. */
  String nonBlank(NodeTuple tuple) throws LessonException {
    String text = text(tuple);
    if (text.isBlank()) {
      throw error(
          tuple.getValueNode(),
          "`" + key(tuple) + "` is empty",
          "write something after `" + key(tuple) + ":`");
    }
    return text.strip();
  }

  /** The tuple's value when it is a scalar, else "" (for a message about it). */
  String scalarOrEmpty(NodeTuple tuple) {
    return tuple.getValueNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
  }

  String scalar(Node node, String key) throws LessonException {
    if (!(node instanceof ScalarNode scalar)) {
      throw error(
          node,
          "`" + key + "` should be a single value, not a list or mapping",
          "write `" + key + ": <value>` (quote text that contains `: `)");
    }
    return scalar.getValue();
  }

  int integer(NodeTuple tuple, int min, int max) throws LessonException {
    String text = text(tuple).trim();
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error(
          tuple.getValueNode(),
          "`" + key(tuple) + "` is '" + text + "', not a whole number",
          "write a number between " + min + " and " + max);
    }
    if (value < min || value > max) {
      throw error(
          tuple.getValueNode(),
          "`" + key(tuple) + "` is " + value + ", out of range",
          "use a number between " + min + " and " + max);
    }
    return value;
  }

  double fraction(NodeTuple tuple) throws LessonException {
    String text = text(tuple).trim();
    try {
      double value = Double.parseDouble(text);
      if (value >= 0 && value <= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(
        tuple.getValueNode(),
        "`" + key(tuple) + "` is '" + text + "'",
        "write a number from 0 to 1, e.g. 0.5");
  }

  /** true/false, yes/no, on/off. */
  boolean bool(NodeTuple tuple) throws LessonException {
    String text = text(tuple).trim().toLowerCase(Locale.ROOT);
    switch (text) {
      case "true", "yes", "on" -> {
        return true;
      }
      case "false", "no", "off" -> {
        return false;
      }
      default ->
          throw error(
              tuple.getValueNode(),
              "`" + key(tuple) + "` is '" + text + "'",
              "write true or false (or on/off)");
    }
  }

  /** "500ms", "2s", "1.5s" or a plain number of seconds; at most max. */
  Duration duration(NodeTuple tuple, Duration max) throws LessonException {
    String text = text(tuple).trim();
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw error(
          tuple.getValueNode(),
          "`" + key(tuple) + "` is '" + text + "', not a duration",
          "write a time such as 500ms, 2s or 1.5s");
    }
    double amount = Double.parseDouble(m.group(1));
    Duration value = Duration.ofNanos(Math.round(amount * ("ms".equals(m.group(2)) ? 1e6 : 1e9)));
    if (value.isZero() || value.compareTo(max) > 0) {
      throw error(
          tuple.getValueNode(),
          "`" + key(tuple) + "` is " + text + ", out of range",
          "use a time above 0 and at most " + max.toSeconds() + "s");
    }
    return value;
  }

  NodeTuple require(Node at, Map<String, NodeTuple> map, String key, String fix)
      throws LessonException {
    NodeTuple tuple = map.get(key);
    if (tuple == null) {
      throw error(at, "missing `" + key + "`", fix);
    }
    return tuple;
  }

  static String key(NodeTuple tuple) {
    return tuple.getKeyNode() instanceof ScalarNode s
        ? s.getValue()
        : String.valueOf(tuple.getKeyNode());
  }

  static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  LessonException error(Node node, String what, String fix) {
    return error(line(node), what, fix);
  }

  LessonException error(int line, String what, String fix) {
    return new LessonException(where(line) + what + ". Fix: " + fix + ".");
  }

  String where(int line) {
    return line > 0 ? source + ":" + line + ": " : source + ": ";
  }
}
