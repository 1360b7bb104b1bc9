package dev.caplab.cli;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import picocli.CommandLine.Option;

/** The {@code --node} option of the commands that ask one node (put, get). */
final class NodeOption {

  @Option(
      names = {"-n", "--node"},
      paramLabel = "ID",
      description = "Node to ask. Default: master (centralized) or the first node (decentralized).")
  String node;

  /** The node named, checked against config, or the default one. */
  String resolve(ClusterConfig config) throws ConfigException {
    return ConfigOption.node(config, node);
  }
}
