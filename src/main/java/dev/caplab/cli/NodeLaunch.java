package dev.caplab.cli;

import dev.caplab.config.ClusterConfig;
import dev.caplab.server.NodeMain;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * `caplab node` without picocli. A supervisor starts three node JVMs at once on a small machine,
 * and picocli (built for Java 5, so the AppCDS archive cannot hold it) costs each of them about a
 * third of its start-up CPU: building the model of every subcommand by reflection. This parses the
 * node's few options itself; anything it does not know (help, a typo, a missing value) goes to
 * picocli as before, so usage errors and help read the same. {@link NodeCommand} runs the same
 * {@link #run} body.
 */
final class NodeLaunch {

  private Path config = Path.of(ConfigOption.DEFAULT_FILE);
  private String id;
  private Path data = Path.of(NodeCommand.DEFAULT_DATA);
  private OptionalLong parentPid = OptionalLong.empty();
  private boolean trainCds;

  private NodeLaunch() {}

  /**
   * The exit code of `caplab node ARGS` run here, or empty when the arguments need picocli (help,
   * or anything this parser does not take).
   */
  static OptionalInt tryRun(String[] args) {
    return parse(args).map(launch -> OptionalInt.of(launch.run())).orElse(OptionalInt.empty());
  }

  /** The options of `node ARGS`, or empty when args is not a plain node command line. */
  static Optional<NodeLaunch> parse(String[] args) {
    Optional<Map<String, String>> options =
        PlainOptions.parse(
            args,
            "node",
            Set.of("-c", "--config", "--id", "--data", "--exit-with-parent"),
            Set.of("--train-cds"));
    if (options.isEmpty()) {
      return Optional.empty();
    }
    NodeLaunch launch = new NodeLaunch();
    try {
      for (Map.Entry<String, String> option : options.get().entrySet()) {
        launch.set(option.getKey(), option.getValue());
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // picocli words the conversion error
    }
    return Optional.of(launch);
  }

  private void set(String name, String value) {
    switch (name) {
      case "-c", "--config" -> config = Path.of(value);
      case "--id" -> id = value;
      case "--data" -> data = Path.of(value);
      case "--exit-with-parent" -> parentPid = OptionalLong.of(Long.parseLong(value));
      default -> trainCds = true;
    }
  }

  /** A failure reads as under picocli: a config error is one line and exit 2. */
  private int run() {
    try {
      return run(config, id, data, parentPid, trainCds);
    } catch (Exception e) {
      return Main.failed(e);
    }
  }

  /** The body of `caplab node`, whichever parser read its options. */
  static int run(Path config, String id, Path data, OptionalLong parentPid, boolean trainCds)
      throws Exception {
    if (trainCds) {
      return NodeMain.trainCds();
    }
    if (id == null) {
      System.err.println("Missing required option: '--id=ID'");
      return Main.EXIT_USAGE;
    }
    ClusterConfig cluster = ConfigOption.load(config);
    ConfigOption.node(cluster, id);
    return NodeMain.run(cluster, id, data, parentPid);
  }

  // for tests
  Path config() {
    return config;
  }

  Optional<String> id() {
    return Optional.ofNullable(id);
  }

  Path data() {
    return data;
  }

  OptionalLong parentPid() {
    return parentPid;
  }

  boolean trainCds() {
    return trainCds;
  }
}
