package dev.caplab.cli;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Prints the value stored under KEY; exit code 1 when there is none.")
final class GetCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Mixin NodeOption node;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Override
  public Integer call() throws Exception {
    ClusterConfig cluster = config.load();
    String target = node.resolve(cluster);
    Optional<String> value;
    try (StoreClient client = new StoreClient(cluster)) {
      value = client.get(target, key).join();
    } catch (CompletionException e) {
      System.err.println("error: " + Errors.describe(cluster.node(target), e));
      return 1;
    }
    if (value.isEmpty()) {
      System.err.println("not found: no value under '" + key + "' on " + target);
      return 1;
    }
    System.out.println(value.get());
    return 0;
  }
}
