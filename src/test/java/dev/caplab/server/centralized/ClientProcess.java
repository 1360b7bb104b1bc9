package dev.caplab.server.centralized;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A client in a process of its own: rounds of put then get on its own key, each get on another
 * node. A node that may not serve (UNAVAILABLE: e.g. a slave excluded under load and catching up)
 * is asked again until it answers. Exits 0 when every answered get returned the value just put.
 * Arguments: config file, client name, rounds.
 */
public final class ClientProcess {

  private ClientProcess() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig config = ConfigLoader.load(Path.of(args[0]));
    String name = args[1];
    int rounds = Integer.parseInt(args[2]);
    List<String> nodes = config.ids();
    try (StoreClient client = new StoreClient(config, Duration.ofSeconds(30))) {
      for (int round = 0; round < rounds; round++) {
        String value = name + "-" + round;
        if (!client.put(nodes.get(round % nodes.size()), name, value).get()) {
          System.err.println(name + ": put " + round + " was not committed");
          System.exit(2);
        }
        String reader = nodes.get((round + 1) % nodes.size());
        Optional<String> read = read(client, reader, name);
        if (!read.equals(Optional.of(value))) {
          System.err.println(
              name
                  + ": round "
                  + round
                  + " read "
                  + read
                  + " from "
                  + reader
                  + ", expected "
                  + value);
          System.exit(3);
        }
      }
    }
    System.out.println(
        name
            + ": "
            + rounds
            + " rounds, "
            + refusals
            + " reads refused with UNAVAILABLE and retried");
    System.exit(0);
  }

  private static int refusals;

  private static Optional<String> read(StoreClient client, String node, String key)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return client.get(node, key).get();
      } catch (ExecutionException e) {
        if (Status.fromThrowable(e.getCause()).getCode() != Status.Code.UNAVAILABLE
            || System.nanoTime() > deadline) {
          throw e;
        }
        refusals++;
        Thread.sleep(50);
      }
    }
  }
}
