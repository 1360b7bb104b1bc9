package dev.caplab.client;

import static dev.caplab.client.Flow.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The messages a put causes must not die with the call that caused them: gRPC cancels a server
 * call's Context when the call ends, so a peer call started inside it (a prepare, a commit, a
 * quorum write, a message released by an admin call) would be cancelled with it. Ports 29000-29099.
 */
class PeerCallsOutliveTheirCallerTest {

  private static final String STRICT =
      """
      on_slave_failure: strict
      prepare_timeout_ms: 3000
      commit_timeout_ms: 3000
      master: {ip: 127.0.0.1, port: 29000}
      slaves:
        - {id: slave_1, ip: 127.0.0.1, port: 29001}
        - {id: slave_2, ip: 127.0.0.1, port: 29002}
      """;

  private static final String QUORUM =
      """
      read_quorum: 2
      write_quorum: 2
      request_timeout_ms: 3000
      nodes:
        - {id: node_0, ip: 127.0.0.1, port: 29010}
        - {id: node_1, ip: 127.0.0.1, port: 29011}
        - {id: node_2, ip: 127.0.0.1, port: 29012}
      """;

  @TempDir Path dir;
  private InJvmCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyAckASlaveSendsReachesTheMaster() throws Exception {
    cluster = InJvmCluster.start(dir, STRICT);
    for (int i = 0; i < 20; i++) {
      assertThat(cluster.store.put("master", "k" + i, "v").get(30, TimeUnit.SECONDS)).isTrue();
    }

    for (String slave : List.of("slave_1", "slave_2")) {
      // Commits decided while one is on its way leave together, acknowledged by one ack: count
      // transactions.
      await().atMost(InJvmCluster.WAIT).until(() -> acknowledgedTransactions(slave) >= 20);
      await()
          .atMost(InJvmCluster.WAIT)
          .untilAsserted(
              () ->
                  assertThat(count("master", "RECEIVED", slave))
                      .as("acks from " + slave + " the master received")
                      .isEqualTo(count(slave, "SENT", "master")));
    }
  }

  @Test
  void clientThatGivesUpWhilePreparesAreHeldDoesNotAbortThePut() throws Exception {
    cluster = InJvmCluster.start(dir, STRICT);
    cluster.admin.setHold("master", true).get(10, TimeUnit.SECONDS);
    try (StoreClient hasty = new StoreClient(cluster.config, Duration.ofMillis(300))) {
      CompletableFuture<Boolean> put = hasty.put("master", "k", "v");
      assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e.getCause()).getCode())
                      .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }

    // The prepares now leave inside admin calls that end at once: under strict, a lost one aborts
    // the put.
    cluster.admin.setHold("master", false).get(10, TimeUnit.SECONDS);

    cluster.awaitEvent(e -> is("master", "STATE", "COMMITTED").test(e) && e.key().equals("k"));
    assertThat(cluster.find(e -> is("master", "STATE", "ABORTED").test(e))).isEmpty();
    for (String node : cluster.config.ids()) {
      assertThat(cluster.store.get(node, "k").get(30, TimeUnit.SECONDS)).as(node).contains("v");
    }
  }

  @Test
  void clientWithATwoMillisecondDeadlineNeverGetsALiveSlaveExcludedOrAPutAborted()
      throws Exception {
    cluster = InJvmCluster.start(dir, STRICT);
    try (StoreClient hasty = new StoreClient(cluster.config, Duration.ofMillis(2))) {
      for (int i = 0; i < 60; i++) {
        hasty.put("master", "hasty" + i, "v").exceptionally(e -> false).get(10, TimeUnit.SECONDS);
      }
    }

    assertThat(cluster.store.put("master", "after", "v").get(30, TimeUnit.SECONDS)).isTrue();
    cluster.awaitEvent(e -> is("master", "CLIENT_REPLY", "put").test(e) && e.key().equals("after"));
    assertThat(cluster.events())
        .filteredOn(e -> e.node().equals("master"))
        .noneMatch(e -> e.label().equals("ABORTED") || e.label().equals("EXCLUDED"));
  }

  @Test
  void quorumWriteReachesTheNodeOutsideTheFirstQuorumAfterThePutReturns() throws Exception {
    cluster = InJvmCluster.start(dir, QUORUM);
    for (int i = 0; i < 20; i++) {
      assertThat(cluster.store.put("node_0", "q" + i, "v" + i).get(30, TimeUnit.SECONDS)).isTrue();
    }

    for (String node : cluster.config.ids()) {
      for (int i = 0; i < 20; i++) {
        String key = "q" + i;
        String value = "v" + i;
        await().atMost(InJvmCluster.WAIT).until(() -> stored(node, key).equals(Optional.of(value)));
      }
    }
  }

  private long count(String node, String type, String peer) {
    return cluster.events().stream()
        .filter(
            e ->
                e.node().equals(node)
                    && e.type().equals(type)
                    && e.label().equals("ack")
                    && e.peer().equals(peer))
        .count();
  }

  private long acknowledgedTransactions(String slave) {
    return cluster.events().stream()
        .filter(
            e ->
                e.node().equals(slave)
                    && e.type().equals("SENT")
                    && e.label().equals("ack")
                    && e.peer().equals("master")
                    && !e.txId().isEmpty())
        .mapToLong(e -> e.txId().split(",").length)
        .sum();
  }

  /** The value a node holds on its own disk, without a quorum read (which would repair it). */
  private Optional<String> stored(String node, String key) throws Exception {
    return cluster.admin.inspect(node, 1000, 0).get(10, TimeUnit.SECONDS).entries().stream()
        .filter(e -> e.key().equals(key))
        .map(NodeSnapshot.Entry::value)
        .findFirst();
  }
}
