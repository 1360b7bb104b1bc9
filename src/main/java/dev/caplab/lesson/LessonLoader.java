package dev.caplab.lesson;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a lesson file (format in assets/lessons/README.md) and checks it against the cluster it names: every
 * node, link and operation a step mentions must exist. Every problem is a {@link LessonException} naming the
 * file, the line and the fix. Stateless; safe from any thread.
 */
public final class LessonLoader {

  private static final Set<String> TOP_KEYS = Set.of("title", "summary", "trade_off", "config", "steps");
  private static final Set<String> CONFIG_KEYS = Set.of("base", "set");

  private final Path source;
  private final YamlReader yaml;

  private LessonLoader(Path source) {
    this.source = source;
    this.yaml = new YamlReader(source);
  }

  public static Lesson load(Path file) throws LessonException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new LessonException(file + ": file not found. Fix: pass the path of a lesson file, e.g."
          + " assets/lessons/01-two-phase-commit.yaml.");
    } catch (IOException e) {
      throw new LessonException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(file, text);
  }

  /** Reads lesson text as if it came from the given file (a relative config path is resolved beside it). */
  public static Lesson parse(Path source, String text) throws LessonException {
    return new LessonLoader(source).parse(text);
  }

  private Lesson parse(String text) throws LessonException {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw yaml.error(line, "not valid YAML: " + e.getProblem(),
          "check the indentation, and quote text that contains `: ` or starts with a special character");
    } catch (YAMLException e) {
      throw new LessonException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new LessonException(source + ": the file is empty. Fix: start from a lesson in assets/lessons/"
          + " (title, summary, config, steps).");
    }
    Map<String, NodeTuple> top = yaml.mapping(root, "the top level", TOP_KEYS);
    String title = yaml.nonBlank(yaml.require(root, top, "title", "add `title: <what the lesson shows>`"));
    String summary = yaml.nonBlank(yaml.require(root, top, "summary", "add `summary: <two or three sentences>`"));
    String tradeOff = top.containsKey("trade_off") ? yaml.nonBlank(top.get("trade_off")) : "";
    LessonConfig config = config(yaml.require(root, top, "config",
        "add `config: centralized` or `config: decentralized` (a bundled config), or a file path"));
    NodeTuple stepsTuple = yaml.require(root, top, "steps", "add `steps:` with a list of say/ask/do/expect/explain");
    List<Node> items = yaml.sequence(stepsTuple.getValueNode(), "`steps`");
    if (items.isEmpty()) {
      throw yaml.error(stepsTuple.getValueNode(), "`steps` is empty", "list at least one step");
    }
    StepReader reader = new StepReader(yaml, config.cluster());
    List<Step> steps = new ArrayList<>();
    for (Node item : items) {
      steps.add(reader.step(item));
    }
    return new Lesson(source, title, summary, tradeOff, config, steps);
  }

  // config

  private LessonConfig config(NodeTuple tuple) throws LessonException {
    Node value = tuple.getValueNode();
    String base;
    NodeTuple baseTuple;
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (value instanceof ScalarNode) {
      base = yaml.nonBlank(tuple);
      baseTuple = tuple;
    } else {
      Map<String, NodeTuple> fields = yaml.mapping(value, "`config`", CONFIG_KEYS);
      baseTuple = yaml.require(value, fields, "base", "add `base: centralized` (or decentralized, or a file)");
      base = yaml.nonBlank(baseTuple);
      if (fields.containsKey("set")) {
        for (NodeTuple entry : yaml.mapping(fields.get("set").getValueNode(), "`set`", null).values()) {
          overrides.put(YamlReader.key(entry), plain(entry.getValueNode()));
        }
      }
    }
    Path file = baseFile(base);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw yaml.error(baseTuple.getValueNode(), "config '" + base + "' not found (looked for " + file + ")",
          "name a bundled config (centralized, decentralized) or a YAML file relative to the lesson");
    } catch (IOException e) {
      throw yaml.error(baseTuple.getValueNode(), "cannot read config " + file + " (" + e.getMessage() + ")",
          "check the file");
    }
    String effective = overrides.isEmpty() ? text : LessonConfig.merge(text, overrides);
    try {
      ClusterConfig cluster = ConfigLoader.parse(file, effective);
      return new LessonConfig(file, List.copyOf(overrides.keySet()), cluster, effective);
    } catch (ConfigException e) {
      String reason = overrides.isEmpty() ? e.getMessage()
          : e.getMessage().replaceFirst("^.*?\\.yaml(:\\d+)?: ", ""); // the merged text has no lines to name
      throw yaml.error(tuple.getValueNode(), "the config is refused: " + reason,
          overrides.isEmpty() ? "fix the config file" : "fix the keys under `set`");
    }
  }

  /** A bundled name (configs/NAME.yaml) or a path relative to the lesson's directory. */
  private Path baseFile(String base) {
    if (!base.contains("/") && !base.endsWith(".yaml") && !base.endsWith(".yml")) {
      return BundledConfigs.dir().resolve(base + ".yaml");
    }
    Path path = Path.of(base);
    if (path.isAbsolute()) {
      return path;
    }
    Path dir = source.toAbsolutePath().getParent();
    Path beside = dir == null ? path : dir.resolve(path).normalize();
    return Files.exists(beside) ? beside : BundledConfigs.resolve(path);
  }

  /** A YAML subtree as plain maps, lists and scalars, as SnakeYAML's constructor would build it. */
  private static Object plain(Node node) {
    StringWriter text = new StringWriter();
    Yaml yaml = new Yaml();
    yaml.serialize(node, text);
    return yaml.load(text.toString());
  }
}
