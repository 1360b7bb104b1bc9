package dev.caplab.client;

import static dev.caplab.client.Flow.is;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real decentralized cluster as a viewer sees a put: vote requests, weighted grants, quorum,
 * write.
 */
class ObservedQuorumTest {

  private static final Map<String, Integer> WEIGHTS = Map.of("node_0", 1, "node_1", 2, "node_2", 1);

  @TempDir Path dir;
  private InJvmCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void putShowsVoteRequestsWeightedGrantsQuorumAtTheRightCountAndTheWrite() throws Exception {
    cluster =
        InJvmCluster.start(
            dir,
            """
        read_quorum: 2
        write_quorum: 3
        request_timeout_ms: 5000
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 23310, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 23311, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 23312, weight: 1}
        """);

    assertThat(cluster.store.put("node_0", "k", "v").get(30, TimeUnit.SECONDS)).isTrue();
    cluster.awaitEvent(e -> is("node_0", "CLIENT_REPLY", "put").test(e) && e.key().equals("k"));
    for (String peer : List.of("node_1", "node_2")) {
      cluster.awaitEvent(
          e ->
              is("node_0", "RECEIVED", "write-ack").test(e)
                  && e.peer().equals(peer)
                  && e.key().equals("k"));
      // The put needs node_1's vote only: node_2's vote request may still be on its way when the
      // put ends.
      cluster.awaitEvent(e -> is(peer, "RECEIVED", "vote-request").test(e) && e.key().equals("k"));
    }

    Flow flow = new Flow(cluster.events());
    flow.assertCausal();
    int request =
        flow.indexOf(
            "client request",
            e -> is("node_0", "CLIENT_REQUEST", "put").test(e) && e.key().equals("k"));
    int reached =
        flow.indexOf(
            "write quorum reached",
            e ->
                is("node_0", "QUORUM", "write-votes").test(e)
                    && e.key().equals("k")
                    && e.detail().endsWith("quorum reached"));
    int acked =
        flow.indexOf(
            "write acknowledged by a quorum",
            e ->
                is("node_0", "QUORUM", "write-acks").test(e)
                    && e.key().equals("k")
                    && e.detail().endsWith("quorum reached"));
    int answer =
        flow.indexOf(
            "answer", e -> is("node_0", "CLIENT_REPLY", "put").test(e) && e.key().equals("k"));
    assertThat(List.of(request, reached, acked, answer)).isSorted();

    for (String peer : List.of("node_1", "node_2")) {
      int ask = flow.sent("node_0", "vote-request", peer, "k");
      int asked = flow.receivedOf(ask);
      int grant = flow.sent(peer, "vote-grant", "node_0", "k");
      int granted = flow.receivedOf(grant);
      int write = flow.sent("node_0", "write", peer, "k");
      int written = flow.receivedOf(write);
      assertThat(List.of(request, ask, asked, grant, granted)).as("vote of " + peer).isSorted();
      assertThat(List.of(reached, write, written)).as("write to " + peer).isSorted();
    }

    // Every tally counts the weights of the voters it names, against the configured quorum.
    List<NodeEvent> tallies =
        cluster.events().stream()
            .filter(e -> is("node_0", "QUORUM", "write-votes").test(e) && e.key().equals("k"))
            .toList();
    assertThat(tallies)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t.needed()).isEqualTo(3);
              assertThat(t.votes()).isEqualTo(weightOf(t.detail()));
            });
    assertThat(tallies)
        .filteredOn(t -> t.detail().endsWith("quorum reached"))
        .singleElement()
        .satisfies(t -> assertThat(t.votes()).isGreaterThanOrEqualTo(3));
    assertThat(tallies)
        .filteredOn(t -> !t.detail().endsWith("quorum reached"))
        .allSatisfy(t -> assertThat(t.votes()).isLessThan(3));
    NodeEvent write = flow.at(flow.sent("node_0", "write", "node_1", "k"));
    assertThat(write.version()).isEqualTo(flow.at(acked).version()).endsWith("@node_0");
  }

  /** "node_0, node_2, node_1: quorum reached" -> 1 + 1 + 2. */
  private static int weightOf(String detail) {
    String voters = detail.contains(":") ? detail.substring(0, detail.indexOf(':')) : detail;
    return Arrays.stream(voters.split(","))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .mapToInt(WEIGHTS::get)
        .sum();
  }
}
