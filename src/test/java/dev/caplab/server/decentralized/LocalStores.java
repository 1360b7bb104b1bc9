package dev.caplab.server.decentralized;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.proto.observe.InspectRequest;
import dev.caplab.proto.observe.KeyEntry;
import dev.caplab.proto.observe.NodeState;
import dev.caplab.proto.observe.ObservationGrpc;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a running node holds in its own store (not what a quorum read answers), via its inspect
 * call.
 */
final class LocalStores {

  private LocalStores() {}

  static Map<String, String> of(StoreClient client, String node) {
    NodeState state =
        ObservationGrpc.newBlockingStub(client.channel(node))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .inspect(InspectRequest.newBuilder().setMaxKeys(100_000).build());
    Map<String, String> entries = new HashMap<>();
    for (KeyEntry entry : state.getEntriesList()) {
      entries.put(entry.getKey(), entry.getValue());
    }
    return entries;
  }

  /**
   * Waits until node's own store holds key-i = value-i for every i (anti-entropy pulls what it
   * missed).
   */
  static void awaitHolds(ClusterConfig config, String node, Set<Integer> indexes, Duration atMost) {
    try (StoreClient client = new StoreClient(config)) {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                Map<String, String> local = of(client, node);
                for (int i : indexes) {
                  assertThat(local.get("key-" + i))
                      .as("key-" + i + " in " + node + "'s own store")
                      .isEqualTo("value-" + i);
                }
              });
    }
  }
}
