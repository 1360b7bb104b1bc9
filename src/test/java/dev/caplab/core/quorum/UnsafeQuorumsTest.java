package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The teaching flag: quorums that need not meet, and the stale read that follows. */
class UnsafeQuorumsTest {

  private static final String NON_INTERSECTING =
      """
      read_quorum: 1
      write_quorum: 2
      unsafe_quorums: true
      nodes:
        - {id: node_0, ip: 127.0.0.1, port: 1, weight: 1}
        - {id: node_1, ip: 127.0.0.1, port: 2, weight: 2}
        - {id: node_2, ip: 127.0.0.1, port: 3, weight: 1}
      """;

  @TempDir Path dir;

  @Test
  void readQuorumThatMissesTheWriteQuorumReadsStale() throws Exception {
    try (InMemoryQuorumCluster cluster =
        new InMemoryQuorumCluster(dir, NON_INTERSECTING, QuorumSettings.defaults())) {
      cluster.node("node_1").put("k", "old").join();
      // node_0 + node_2 are a write quorum too, so node_1's own copy may land after the answer.
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(
              () ->
                  cluster
                      .store("node_1")
                      .get("k")
                      .map(Versioned::value)
                      .equals(Optional.of("old")));
      Version old = cluster.store("node_1").version("k");
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> cluster.node("node_0").knownStable("k").equals(old));
      cluster.network().slow("node_0", Duration.ofSeconds(5));
      // node_1's two votes are a write quorum on their own...
      cluster.node("node_2").put("k", "new").join();
      // ...and node_0's one vote a read quorum: the two never meet, so node_0 answers what it has.
      assertThat(cluster.node("node_0").get("k").join()).contains("old");
      assertThat(cluster.node("node_1").get("k").join()).contains("new");
    }
  }
}
