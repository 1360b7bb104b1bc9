package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.storage.Versioned;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AntiEntropyTest {

  @TempDir Path dir;

  @Test
  void passPagesThroughManyKeysAndLargeValues() throws Exception {
    // Small pages and a small byte budget, so both kinds of paging happen with few keys.
    String yaml = InMemoryQuorumCluster.ASSIGNMENT + "max_value_bytes: 400\n";
    QuorumSettings settings =
        QuorumSettings.defaults()
            .withDigestPageKeys(7)
            .withAntiEntropyInterval(java.time.Duration.ofHours(1))
            .withSnapshotMaxAge(java.time.Duration.ZERO);
    try (InMemoryQuorumCluster cluster = new InMemoryQuorumCluster(dir, yaml, settings)) {
      cluster.crash("node_0");
      String big = "x".repeat(150);
      for (int i = 0; i < 60; i++) {
        cluster
            .node(i % 2 == 0 ? "node_1" : "node_2")
            .put(String.format("key-%03d", i), big + i)
            .join();
      }
      cluster.restart("node_0");
      cluster.node("node_0").antiEntropyPass().join();
      for (int i = 0; i < 60; i++) {
        assertThat(cluster.store("node_0").get(String.format("key-%03d", i)))
            .map(Versioned::value)
            .contains(big + i);
      }
      assertThat(cluster.sent("node_0", Digest.TYPE)).isGreaterThan(20);
    }
  }

  @Test
  void nodeAheadPullsNothingAndNewerLocalValuesStay() throws Exception {
    QuorumSettings settings =
        QuorumSettings.defaults().withAntiEntropyInterval(java.time.Duration.ofHours(1));
    try (InMemoryQuorumCluster cluster =
        new InMemoryQuorumCluster(dir, InMemoryQuorumCluster.ASSIGNMENT, settings)) {
      cluster.node("node_0").put("k", "old").join();
      cluster.crash("node_2");
      cluster.node("node_0").put("k", "new").join();
      cluster.restart("node_2");
      assertThat(cluster.node("node_0").antiEntropyPass().join()).isZero();
      assertThat(cluster.store("node_0").get("k")).map(Versioned::value).contains("new");
      cluster.node("node_2").antiEntropyPass().join();
      assertThat(cluster.store("node_2").get("k")).map(Versioned::value).contains("new");
    }
  }
}
