package dev.caplab.lesson;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The cluster a lesson runs on: a config file (bundled or the lesson's own) with some of its
 * top-level keys replaced. Node processes read their config from a file, so {@link #writeTo} writes
 * the effective one. Immutable.
 *
 * @param base the config file the lesson names
 * @param overridden the keys the lesson replaces (empty when none)
 * @param cluster the effective config, validated (its source is base)
 */
public record LessonConfig(Path base, List<String> overridden, ClusterConfig cluster, String yaml) {

  public LessonConfig {
    overridden = List.copyOf(overridden);
  }

  /**
   * Writes the effective config as dir/cluster.yaml, its ports moved to portBase, portBase + 1...
   * in the order of the nodes (0 keeps the ports), and loads it back.
   */
  public ClusterConfig writeTo(Path dir, int portBase) throws IOException, ConfigException {
    Object tree = new Yaml().load(yaml);
    if (portBase > 0 && tree instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, Object> top = (Map<String, Object>) map;
      int port = portBase;
      for (Map<String, Object> node : nodeEntries(top)) {
        node.put("port", port++);
      }
    }
    Files.createDirectories(dir);
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, dump(tree));
    return ConfigLoader.load(file);
  }

  /** The node entries of a seed-format config, master first. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodeEntries(Map<String, Object> top) {
    List<Map<String, Object>> entries = new ArrayList<>();
    if (top.get("master") instanceof Map<?, ?> master) {
      entries.add((Map<String, Object>) master);
    }
    for (String list : List.of("slaves", "nodes")) {
      if (top.get(list) instanceof List<?> items) {
        items.stream()
            .filter(Map.class::isInstance)
            .forEach(item -> entries.add((Map<String, Object>) item));
      }
    }
    return entries;
  }

  static String dump(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(tree);
  }

  /** The base file's top level with the overrides put in place of its keys. */
  static String merge(String baseYaml, Map<String, Object> overrides) {
    Object tree = new Yaml().load(baseYaml);
    Map<String, Object> top = new LinkedHashMap<>();
    if (tree instanceof Map<?, ?> map) {
      map.forEach((k, v) -> top.put(String.valueOf(k), v));
    }
    top.putAll(overrides);
    return dump(top);
  }
}
