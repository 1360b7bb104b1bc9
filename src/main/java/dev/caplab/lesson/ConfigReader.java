package dev.caplab.lesson;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code config} of a lesson (or of a restart_cluster step): a bundled config's name, a file
 * beside the lesson, or {@code {base: ..., set: {...}}} replacing some of the base's top-level keys. The
 * result is validated by the config loader; its errors point at the lesson's line.
 */
final class ConfigReader {

  private static final Set<String> CONFIG_KEYS = Set.of("base", "set");

  private final Path source;
  private final YamlReader yaml;

  ConfigReader(Path source, YamlReader yaml) {
    this.source = source;
    this.yaml = yaml;
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
      // The loader's message says what and how to fix it; the merged text of overrides has no lines to name.
      String reason = overrides.isEmpty() ? e.getMessage()
          : e.getMessage().replaceFirst("^.*?\\.ya?ml(:\\d+)?: ", "");
      throw new LessonException(yaml.where(YamlReader.line(tuple.getValueNode())) + "the config is refused: "
          + reason + (overrides.isEmpty() ? "" : " (in the keys under `set`)"));
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
