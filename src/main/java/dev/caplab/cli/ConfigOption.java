package dev.caplab.cli;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --config option every command shares. */
final class ConfigOption {

  static final String DEFAULT_FILE = "configs/centralized.yaml";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = DEFAULT_FILE,
      description = "Cluster config (YAML). Default: ${DEFAULT-VALUE}.")
  Path file;

  ClusterConfig load() throws ConfigException {
    return load(file);
  }

  static ClusterConfig load(Path file) throws ConfigException {
    return ConfigLoader.load(BundledConfigs.resolve(file));
  }

  /**
   * The node a client command talks to by default: the master, or the first node of a decentralized
   * cluster.
   */
  static String defaultNode(ClusterConfig config) {
    return config.mode() == Mode.CENTRALIZED ? ClusterConfig.MASTER_ID : config.nodes().get(0).id();
  }

  /** Checks a --node value against the config; ConfigException so that it prints as one line. */
  static String node(ClusterConfig config, String id) throws ConfigException {
    if (id == null) {
      return defaultNode(config);
    }
    if (config.findNode(id).isEmpty()) {
      throw new ConfigException(
          "no node '" + id + "' in " + config.source() + "; known ids: " + config.ids());
    }
    return id;
  }
}
