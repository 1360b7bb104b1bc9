package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.KvException;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assignment's cluster (weights 1, 2, 1; read quorum 2, write quorum 3) on the in-memory
 * network.
 */
class QuorumScenarioTest {

  private static final List<String> NODES = List.of("node_0", "node_1", "node_2");

  @TempDir Path dir;
  private InMemoryQuorumCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = InMemoryQuorumCluster.assignment(dir);
  }

  @AfterEach
  void stopCluster() throws Exception {
    cluster.close();
  }

  @Test
  void putOnAnyNodeIsReadOnEveryNode() {
    for (String writer : NODES) {
      put(writer, "colour", "blue from " + writer);
      for (String reader : NODES) {
        assertThat(get(reader, "colour")).contains("blue from " + writer);
      }
    }
  }

  @Test
  void keyNeverWrittenIsNotFound() {
    for (String reader : NODES) {
      assertThat(get(reader, "nothing")).isEmpty();
    }
  }

  @Test
  void acknowledgedPutIsDurableOnAWriteQuorum() {
    put("node_2", "k", "v");
    // Acknowledged means durable on write-quorum votes: node_1 (2 votes) and at least one other
    // node.
    assertThat(cluster.store("node_1").get("k")).map(Versioned::value).contains("v");
    long holders = NODES.stream().filter(id -> cluster.store(id).get("k").isPresent()).count();
    assertThat(holders).isGreaterThanOrEqualTo(2);
  }

  @Test
  void versionIsMaxCounterPlusOneTaggedWithTheCoordinator() {
    put("node_0", "k", "a");
    Version first = cluster.store("node_1").version("k");
    put("node_2", "k", "b");
    Version second = cluster.store("node_1").version("k");
    assertThat(first.nodeId()).isEqualTo("node_0");
    assertThat(second).isEqualTo(new Version(first.counter() + 1, "node_2"));
  }

  @Test
  void everyWriteNeedsNode1AndFailsFastWithoutIt() {
    put("node_0", "k", "old");
    // The put returned once a write quorum stored it; node_0 itself may hear its own write a moment
    // later.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                cluster.store("node_0").get("k").map(Versioned::value).equals(Optional.of("old")));
    cluster.crash("node_1");
    for (String coordinator : List.of("node_0", "node_2")) {
      // "unreachable", not "did not answer in time": it gave up at once instead of waiting out the
      // timeout.
      assertThatThrownBy(() -> put(coordinator, "k", "new"))
          .isInstanceOf(KvException.class)
          .hasMessage("write quorum not reached: 2 of 3 votes (node_1 unreachable)")
          .satisfies(
              e ->
                  assertThat(((KvException) e).reason()).isEqualTo(KvException.Reason.UNAVAILABLE));
    }
    // Nothing was half-applied: the refused put wrote nowhere.
    assertThat(cluster.store("node_0").get("k")).map(Versioned::value).contains("old");
    assertThat(cluster.store("node_2").get("k").map(Versioned::value))
        .isNotEqualTo(Optional.of("new"));
  }

  @Test
  void readsWithoutNode1UseNode0AndNode2() {
    put("node_1", "k", "v");
    awaitConfirmed("k", "node_0", "node_2");
    cluster.crash("node_1");
    assertThat(get("node_0", "k")).contains("v");
    assertThat(get("node_2", "k")).contains("v");
  }

  @Test
  void readWithoutNode1RefusesAValueThatMayNotBeOnAWriteQuorum() {
    put("node_1", "k", "v1");
    awaitConfirmed("k", "node_0", "node_2");
    // node_2 coordinated a put that reached node_0 only and then died: 9@node_2 is on 1 vote of 3.
    cluster.deliver(
        "node_2", "node_0", new Write("k", new Versioned("v2", new Version(9, "node_2"))));
    cluster.crash("node_1");
    // node_0+node_2 is a read quorum, but answering v2 without node_1 holding it could be undone by
    // a later
    // read of node_1 alone (v1): so the read refuses rather than answer something it cannot stand
    // by.
    assertThatThrownBy(() -> get("node_2", "k"))
        .isInstanceOf(KvException.class)
        .hasMessage("write quorum for read repair not reached: 2 of 3 votes (node_1 unreachable)");
  }

  @Test
  void readWriteBackReachesAWriteQuorumNotJustTheVotersItAsked() {
    put("node_1", "k", "v1");
    cluster.deliver(
        "node_2", "node_0", new Write("k", new Versioned("v2", new Version(9, "node_2"))));
    // node_1 is slow: node_2's read quorum is node_2+node_0, which sees v2 on node_0 only.
    cluster.network().slow("node_1", Duration.ofMillis(150));
    assertThat(get("node_2", "k")).contains("v2");
    cluster.network().restore("node_1");
    // node_1 alone is also a read quorum; it must not travel back in time to v1.
    assertThat(cluster.store("node_1").get("k")).map(Versioned::value).contains("v2");
    assertThat(get("node_1", "k")).contains("v2");
  }

  @Test
  void readRepairFixesStaleReplica() {
    put("node_1", "k", "v1");
    cluster.deliver(
        "node_1", "node_1", new Write("k", new Versioned("v2", new Version(9, "node_1"))));
    // node_2 is slow, so node_0's read quorum is node_0+node_1: it finds v2 on node_1 only.
    cluster.network().slow("node_2", Duration.ofSeconds(5));
    assertThat(get("node_0", "k")).contains("v2");
    // node_1 was newest but not known stable: the read wrote v2 back until write-quorum votes held
    // it.
    int holders = 0;
    for (String id : NODES) {
      if (cluster.store(id).version("k").equals(new Version(9, "node_1"))) {
        holders += id.equals("node_1") ? 2 : 1;
      }
    }
    assertThat(holders).isGreaterThanOrEqualTo(3);
    assertThat(events("node_0", EventType.QUORUM))
        .anyMatch(e -> e.label().equals("read-repair") && e.detail().endsWith("quorum reached"));
  }

  @Test
  void node1AloneIsAReadQuorumAndAnswersWithoutMessages() {
    put("node_1", "k", "v");
    int before = cluster.sent("node_1", VoteRequest.TYPE);
    assertThat(get("node_1", "k")).contains("v");
    assertThat(cluster.sent("node_1", VoteRequest.TYPE)).isEqualTo(before);
  }

  @Test
  void slowNode0OrNode2DoesNotDelayOthers() {
    for (String slow : List.of("node_0", "node_2")) {
      cluster.network().slow(slow, Duration.ofSeconds(5));
      for (String coordinator : NODES) {
        if (coordinator.equals(slow)) {
          continue;
        }
        // Had either waited for the slow node (5 s), it would have failed at the 500 ms request
        // timeout.
        put(coordinator, "k-" + slow, "v-" + coordinator);
        assertThat(get(coordinator, "k-" + slow)).contains("v-" + coordinator);
      }
      cluster.network().restore(slow);
    }
  }

  @Test
  void slowNode1TimesWritesOutWithAClearMessage() {
    cluster.network().slow("node_1", Duration.ofSeconds(5));
    long start = System.nanoTime();
    assertThatThrownBy(() -> put("node_0", "k", "v"))
        .isInstanceOf(KvException.class)
        .hasMessage("write quorum not reached: 2 of 3 votes (node_1 did not answer in time)");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(900));
  }

  @Test
  void quorumProgressIsReportedVoteByVote() {
    put("node_0", "k", "v");
    List<ProtocolEvent> quorum = events("node_0", EventType.QUORUM);
    List<Integer> votes =
        quorum.stream()
            .filter(e -> e.label().equals("write-votes"))
            .map(ProtocolEvent::votes)
            .toList();
    assertThat(votes).isSorted().doesNotHaveDuplicates().startsWith(1);
    assertThat(votes.get(votes.size() - 1)).isGreaterThanOrEqualTo(3);
    assertThat(quorum)
        .filteredOn(e -> e.label().equals("write-acks"))
        .allMatch(e -> e.needed() == 3 && e.version().endsWith("@node_0"))
        .anyMatch(e -> e.detail().contains("node_1") && e.detail().endsWith("quorum reached"));
  }

  @Test
  void restartedNodeServesAtOnceAndCatchesUpByAntiEntropy() {
    cluster.crash("node_2");
    for (int i = 0; i < 50; i++) {
      put(i % 2 == 0 ? "node_0" : "node_1", "key-" + i, "value-" + i);
    }
    cluster.restart("node_2");
    assertThat(get("node_2", "key-7")).contains("value-7");
    await()
        .atMost(10, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              for (int i = 0; i < 50; i++) {
                assertThat(cluster.store("node_2").get("key-" + i))
                    .map(Versioned::value)
                    .contains("value-" + i);
              }
            });
    assertThat(events("node_2", EventType.NODE_STATUS))
        .extracting(ProtocolEvent::label)
        .containsSubsequence("serving", "anti-entropy", "serving");
  }

  @Test
  void antiEntropyBetweenStoresInSyncCostsOneDigestPerPeer() {
    put("node_0", "k", "v");
    // Acknowledged once node_1 (2 votes) and one more vote have it: node_0's own copy may still be
    // on
    // its way to disk, but node_1's is in every write quorum of this config.
    Version written = cluster.store("node_1").version("k");
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () ->
                cluster.store("node_0").version("k").equals(written)
                    && cluster.store("node_2").version("k").equals(written));
    int before = cluster.sent("node_0", Digest.TYPE);
    assertThat(cluster.node("node_0").antiEntropyPass().join()).isZero();
    assertThat(cluster.sent("node_0", Digest.TYPE) - before).isEqualTo(2);
  }

  @Test
  void failedPutLeavesNoAcknowledgedHalfWrite() throws Exception {
    put("node_0", "k", "v1");
    cluster.network().cut("node_0", "node_1");
    CompletableFuture<Void> refused = cluster.node("node_0").put("k", "v2");
    assertThatThrownBy(refused::join).hasCauseInstanceOf(KvException.class);
    cluster.network().heal("node_0", "node_1");
    // Whatever the readers see, they agree, and it never flips back once seen.
    String seen = get("node_1", "k").orElseThrow();
    for (String reader : NODES) {
      assertThat(get(reader, "k")).contains(seen);
    }
  }

  private void put(String node, String key, String value) {
    try {
      cluster.node(node).put(key, value).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private Optional<String> get(String node, String key) {
    try {
      return cluster.node(node).get(key).join();
    } catch (CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private void awaitConfirmed(String key, String... nodes) {
    Version held = cluster.store("node_1").version(key);
    await()
        .atMost(5, TimeUnit.SECONDS)
        .until(
            () -> {
              for (String node : nodes) {
                if (cluster.node(node).knownStable(key).compareTo(held) < 0) {
                  return false;
                }
              }
              return true;
            });
  }

  private List<ProtocolEvent> events(String node, EventType type) {
    return cluster.events(node).stream().filter(e -> e.type() == type).toList();
  }
}
