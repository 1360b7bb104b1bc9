package dev.caplab.lesson;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code config} of a lesson (or of a restart_cluster step): a bundled config's name, a
 * file beside the lesson, or {@code {base: ..., set: {...}}} replacing some of the base's top-level
 * keys. The result is validated by the config loader; its errors point at the lesson's line.
 */
final class ConfigReader {

  private static final Set<String> CONFIG_KEYS = Set.of("base", "set");
  static final String COMPARE = "compare";

  private final Path source;
  private final YamlReader yaml;

  ConfigReader(Path source, YamlReader yaml) {
    this.source = source;
    this.yaml = yaml;
  }

  /**
   * The lesson's clusters: one, or for {@code config: compare} (or {@code config: {compare: [A,
   * B]}}) a centralized and a decentralized one, centralized first, whose node ids differ (steps
   * name nodes by id).
   */
  List<LessonConfig> clusters(NodeTuple tuple) throws LessonException {
    Node value = tuple.getValueNode();
    List<Node> items;
    if (value instanceof ScalarNode scalar && scalar.getValue().strip().equals(COMPARE)) {
      items =
          List.of(
              scalarLike(scalar, ComparePair.CENTRALIZED),
              scalarLike(scalar, ComparePair.DECENTRALIZED));
    } else if (value instanceof MappingNode map
        && map.getValue().stream().anyMatch(t -> YamlReader.key(t).equals(COMPARE))) {
      NodeTuple compare = yaml.mapping(value, "`config`", Set.of(COMPARE)).get(COMPARE);
      items = yaml.sequence(compare.getValueNode(), "`compare`");
      if (items.size() != 2) {
        throw yaml.error(
            compare.getValueNode(),
            "`compare` lists " + items.size() + " configs",
            "list two: a centralized and a decentralized one, e.g. `compare: [centralized, decentralized]`");
      }
    } else {
      return List.of(config(tuple));
    }
    List<LessonConfig> pair = new ArrayList<>();
    for (Node item : items) {
      pair.add(config(new NodeTuple(tuple.getKeyNode(), item)));
    }
    pair.sort(java.util.Comparator.comparing(c -> c.cluster().mode() == Mode.CENTRALIZED ? 0 : 1));
    if (pair.get(0).cluster().mode() != Mode.CENTRALIZED
        || pair.get(1).cluster().mode() != Mode.DECENTRALIZED) {
      throw yaml.error(
          value,
          "a compare run needs one centralized and one decentralized config",
          "name one of each, e.g. `compare: [centralized, decentralized]`");
    }
    List<String> shared =
        pair.get(0).cluster().ids().stream().filter(pair.get(1).cluster().ids()::contains).toList();
    if (!shared.isEmpty()) {
      throw yaml.error(
          value,
          "both clusters have nodes called "
              + shared
              + ", so a step could not say which"
              + " it means",
          "rename the decentralized config's nodes (e.g. node_0, node_1, node_2)");
    }
    return pair;
  }

  private static ScalarNode scalarLike(ScalarNode at, String text) {
    return new ScalarNode(
        Tag.STR, text, at.getStartMark(), at.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
  }

  LessonConfig config(NodeTuple tuple) throws LessonException {
    Node value = tuple.getValueNode();
    String base;
    NodeTuple baseTuple;
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (value instanceof ScalarNode) {
      base = yaml.nonBlank(tuple);
      baseTuple = tuple;
    } else {
      Map<String, NodeTuple> fields = yaml.mapping(value, "`config`", CONFIG_KEYS);
      baseTuple =
          yaml.require(
              value, fields, "base", "add `base: centralized` (or decentralized, or a file)");
      base = yaml.nonBlank(baseTuple);
      if (fields.containsKey("set")) {
        for (NodeTuple entry :
            yaml.mapping(fields.get("set").getValueNode(), "`set`", null).values()) {
          overrides.put(YamlReader.key(entry), plain(entry.getValueNode()));
        }
      }
    }
    Path file = baseFile(base);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw yaml.error(
          baseTuple.getValueNode(),
          "config '" + base + "' not found (looked for " + file + ")",
          "name a bundled config (centralized, decentralized) or a YAML file relative to the lesson");
    } catch (IOException e) {
      throw yaml.error(
          baseTuple.getValueNode(),
          "cannot read config " + file + " (" + e.getMessage() + ")",
          "check the file");
    }
    String effective = overrides.isEmpty() ? text : LessonConfig.merge(text, overrides);
    try {
      ClusterConfig cluster = ConfigLoader.parse(file, effective);
      return new LessonConfig(file, List.copyOf(overrides.keySet()), cluster, effective);
    } catch (ConfigException e) {
      // The loader's message says what and how to fix it; the merged text of overrides has no lines
      // to name.
      String reason =
          overrides.isEmpty()
              ? e.getMessage()
              : e.getMessage().replaceFirst("^.*?\\.ya?ml(:\\d+)?: ", "");
      throw new LessonException(
          yaml.where(YamlReader.line(tuple.getValueNode()))
              + "the config is refused: "
              + reason
              + (overrides.isEmpty() ? "" : " (in the keys under `set`)"));
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
