package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionIssuerTest {

  @TempDir Path dir;

  @Test
  void newVersionIsNewestSeenPlusOneTaggedWithThisNode() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      VersionIssuer issuer = new VersionIssuer("node_0", store);
      assertThat(issuer.issue("k", Version.ZERO).join()).isEqualTo(new Version(1, "node_0"));
      assertThat(issuer.issue("k", new Version(7, "node_2")).join())
          .isEqualTo(new Version(8, "node_0"));
    }
  }

  @Test
  void concurrentPutsOfOneKeyNeverShareAVersion() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      VersionIssuer issuer = new VersionIssuer("node_0", store);
      List<CompletableFuture<Version>> issued =
          IntStream.range(0, 500)
              .parallel()
              .mapToObj(i -> issuer.issue("hot", new Version(3, "node_1")))
              .toList();
      Set<Version> distinct = new HashSet<>();
      issued.forEach(f -> distinct.add(f.join()));
      assertThat(distinct).hasSize(500);
    }
  }

  @Test
  void restartedNodeNeverReissuesAVersion() throws Exception {
    Version before;
    try (DurableStore store = DurableStore.open(dir)) {
      VersionIssuer issuer = new VersionIssuer("node_0", store);
      // The write with this version may have reached another node but not this node's disk.
      before = issuer.issue("k", Version.ZERO).join();
    }
    try (DurableStore store = DurableStore.open(dir)) {
      Version after = new VersionIssuer("node_0", store).issue("k", Version.ZERO).join();
      assertThat(after).isGreaterThan(before);
    }
  }
}
