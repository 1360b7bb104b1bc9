package dev.caplab.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a plain command line (`COMMAND --name value`, `--name=value`, flags) without picocli, for
 * the commands whose start-up time counts (`node`, `cluster`): picocli builds the model of every
 * subcommand by reflection, about half a second on a small machine. Anything else (help, a typo, a
 * missing value) is left to picocli, so that usage errors read the same.
 */
final class PlainOptions {

  private PlainOptions() {}

  /**
   * The options by name, or empty when args is not command followed by only these options (a flag
   * maps to "true").
   */
  static Optional<Map<String, String>> parse(
      String[] args, String command, Set<String> valued, Set<String> flags) {
    if (args.length == 0 || !args[0].equals(command)) {
      return Optional.empty();
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      String value = null;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      if (flags.contains(name) && value == null) {
        options.put(name, "true");
        continue;
      }
      if (!valued.contains(name)) {
        return Optional.empty();
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          return Optional.empty();
        }
        value = args[++i];
      }
      options.put(name, value);
    }
    return Optional.of(options);
  }
}
