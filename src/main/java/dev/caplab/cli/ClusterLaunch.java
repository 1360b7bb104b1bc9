package dev.caplab.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * `caplab cluster --config FILE [--data DIR]` without picocli: the nodes are launched half a second
 * sooner, which is a quarter of the cluster's start on a small machine. Anything else (--only,
 * help, a typo) goes to picocli; {@link ClusterCommand} runs the command either way.
 */
final class ClusterLaunch {

  private ClusterLaunch() {}

  /** The exit code of `caplab cluster ARGS` run here, or empty when the arguments need picocli. */
  static OptionalInt tryRun(String[] args) {
    return parse(args).map(command -> OptionalInt.of(run(command))).orElse(OptionalInt.empty());
  }

  /** The command with its options set, or empty when args is not a plain cluster command line. */
  static Optional<ClusterCommand> parse(String[] args) {
    Optional<Map<String, String>> options =
        PlainOptions.parse(args, "cluster", Set.of("-c", "--config", "--data"), Set.of());
    if (options.isEmpty()) {
      return Optional.empty();
    }
    ClusterCommand command = new ClusterCommand();
    command.config = new ConfigOption();
    command.config.file = Path.of(ConfigOption.DEFAULT_FILE);
    command.data = Path.of(ClusterCommand.DEFAULT_DATA);
    try {
      for (Map.Entry<String, String> option : options.get().entrySet()) {
        Path value = Path.of(option.getValue());
        if (option.getKey().equals("--data")) {
          command.data = value;
        } else {
          command.config.file = value;
        }
      }
    } catch (RuntimeException e) {
      return Optional.empty(); // picocli words the conversion error
    }
    return Optional.of(command);
  }

  /** A failure reads as under picocli: a config error is one line and exit 2. */
  private static int run(ClusterCommand command) {
    try {
      return command.call();
    } catch (Exception e) {
      return Main.failed(e);
    }
  }
}
