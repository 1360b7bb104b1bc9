package dev.caplab.cli;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A CAP Lab cluster through the seed's client API. Thread-safe (StoreClient is). A put the cluster
 * did not commit (success=false) fails, so that it counts as an error and not as a write in the
 * figures.
 */
final class StoreTarget implements BenchTarget {

  private final StoreClient client;
  private final List<String> nodes;
  private final String kind;

  StoreTarget(StoreClient client, List<String> nodes, ClusterConfig cluster) {
    this.client = client;
    this.nodes = List.copyOf(nodes);
    this.kind = cluster.mode().name().toLowerCase();
  }

  @Override
  public List<String> nodes() {
    return nodes;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public CompletableFuture<?> put(String node, String key, String value) {
    return client
        .put(node, key, value)
        .thenApply(
            committed -> {
              if (!committed) {
                throw new CompletionException(
                    new IllegalStateException("put of " + key + " not committed"));
              }
              return committed;
            });
  }

  @Override
  public CompletableFuture<?> get(String node, String key) {
    return client.get(node, key);
  }

  @Override
  public void close() {
    client.close();
  }
}
