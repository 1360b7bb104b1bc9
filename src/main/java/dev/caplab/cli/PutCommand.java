package dev.caplab.cli;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "put", mixinStandardHelpOptions = true, description = "Stores VALUE under KEY.")
final class PutCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Mixin NodeOption node;

  @Parameters(index = "0", paramLabel = "KEY")
  String key;

  @Parameters(index = "1", paramLabel = "VALUE")
  String value;

  @Override
  public Integer call() throws Exception {
    ClusterConfig cluster = config.load();
    String target = node.resolve(cluster);
    boolean stored;
    try (StoreClient client = new StoreClient(cluster)) {
      stored = client.put(target, key, value).join();
    } catch (CompletionException e) {
      System.err.println("error: " + Errors.describe(cluster.node(target), e));
      return 1;
    }
    if (!stored) {
      System.err.println(
          "not stored: "
              + target
              + " could not commit the write (a replica voted no or timed out)");
      return 1;
    }
    System.out.println("ok");
    return 0;
  }
}
