package dev.caplab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "cluster", mixinStandardHelpOptions = true, description = "placeholder")
final class ClusterCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 1;
  }
}
