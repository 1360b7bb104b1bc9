package dev.caplab.lesson;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads a lesson file (format in assets/lessons/README.md) and checks it against the cluster it
 * names: every node, link and operation a step mentions must exist. Every problem is a {@link
 * LessonException} naming the file, the line and the fix. Stateless; safe from any thread.
 */
public final class LessonLoader {

  private static final Set<String> TOP_KEYS =
      Set.of("title", "summary", "trade_off", "config", "steps");

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
      throw new LessonException(
          file
              + ": file not found. Fix: pass the path of a lesson file, e.g."
              + " assets/lessons/01-two-phase-commit.yaml.");
    } catch (IOException e) {
      throw new LessonException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(file, text);
  }

  /**
   * Reads lesson text as if it came from the given file (a relative config path is resolved beside
   * it).
   */
  public static Lesson parse(Path source, String text) throws LessonException {
    return new LessonLoader(source).parse(text);
  }

  private Lesson parse(String text) throws LessonException {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw yaml.error(
          line,
          "not valid YAML: " + e.getProblem(),
          "check the indentation, and quote text that contains `: ` or starts with a special character");
    } catch (YAMLException e) {
      throw new LessonException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    if (root == null) {
      throw new LessonException(
          source
              + ": the file is empty. Fix: start from a lesson in assets/lessons/"
              + " (title, summary, config, steps).");
    }
    Map<String, NodeTuple> top = yaml.mapping(root, "the top level", TOP_KEYS);
    String title =
        yaml.nonBlank(yaml.require(root, top, "title", "add `title: <what the lesson shows>`"));
    String summary =
        yaml.nonBlank(
            yaml.require(root, top, "summary", "add `summary: <two or three sentences>`"));
    String tradeOff = top.containsKey("trade_off") ? yaml.nonBlank(top.get("trade_off")) : "";
    ConfigReader configs = new ConfigReader(source, yaml);
    List<LessonConfig> clusters =
        configs.clusters(
            yaml.require(
                root,
                top,
                "config",
                "add `config: centralized` or `config: decentralized` (a bundled config), a file path, or `config: compare`"));
    LessonConfig config = clusters.get(0);
    Optional<LessonConfig> beside =
        clusters.size() > 1 ? Optional.of(clusters.get(1)) : Optional.empty();
    NodeTuple stepsTuple =
        yaml.require(root, top, "steps", "add `steps:` with a list of say/ask/do/expect/explain");
    List<Node> items = yaml.sequence(stepsTuple.getValueNode(), "`steps`");
    if (items.isEmpty()) {
      throw yaml.error(stepsTuple.getValueNode(), "`steps` is empty", "list at least one step");
    }
    StepReader reader = new StepReader(yaml, configs, clusters);
    List<Step> steps = new ArrayList<>();
    for (Node item : items) {
      steps.add(reader.step(item));
    }
    return new Lesson(source, title, summary, tradeOff, config, steps, beside);
  }
}
