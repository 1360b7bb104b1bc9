package dev.caplab.cli;

import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Runs one node of a cluster in this process until SIGTERM/SIGINT.")
final class NodeCommand implements Callable<Integer> {

  static final String DEFAULT_DATA = "data";

  @Mixin ConfigOption config;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "The node's id in the config (e.g. master, slave_1).")
  String id;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = DEFAULT_DATA,
      description = "Data root; the node keeps its files in DIR/<id>/. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(
      names = "--exit-with-parent",
      paramLabel = "PID",
      hidden = true,
      description = "Stop when process PID ends (set by the supervisor).")
  Long parentPid;

  @Option(
      names = "--train-cds",
      hidden = true,
      description = "Serve a few requests on a scratch node and exit (AppCDS training run).")
  boolean trainCds;

  @Override
  public Integer call() throws Exception {
    return NodeLaunch.run(
        config.file,
        id,
        data,
        parentPid == null ? OptionalLong.empty() : OptionalLong.of(parentPid),
        trainCds);
  }
}
