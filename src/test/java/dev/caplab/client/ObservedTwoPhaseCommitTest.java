package dev.caplab.client;

import static dev.caplab.client.Flow.is;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real centralized cluster as a viewer sees it: the 2PC exchange, a partition, and hold mode. */
class ObservedTwoPhaseCommitTest {

  // Timeouts generous for a busy machine; the partition test waits them out once.
  private static final String CLUSTER =
      """
      prepare_timeout_ms: 2000
      commit_timeout_ms: 2000
      master: {ip: 127.0.0.1, port: 23300}
      slaves:
        - {id: slave_1, ip: 127.0.0.1, port: 23301}
        - {id: slave_2, ip: 127.0.0.1, port: 23302}
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
  void putShowsRequestPreparesVotesCommitsAcksAndAnswerInCausalOrder() throws Exception {
    cluster = InJvmCluster.start(dir, CLUSTER);

    assertThat(cluster.store.put("master", "k", "v").get(30, TimeUnit.SECONDS)).isTrue();
    cluster.awaitEvent(
        e ->
            is("master", "RECEIVED", "ack").test(e)
                && e.peer().equals("slave_1")
                && e.key().equals("k"));
    cluster.awaitEvent(
        e ->
            is("master", "RECEIVED", "ack").test(e)
                && e.peer().equals("slave_2")
                && e.key().equals("k"));

    Flow flow = new Flow(cluster.events());
    flow.assertCausal();
    int request =
        flow.indexOf(
            "client request",
            e -> is("master", "CLIENT_REQUEST", "put").test(e) && e.key().equals("k"));
    int committed =
        flow.indexOf(
            "master commits",
            e -> is("master", "STATE", "COMMITTED").test(e) && e.key().equals("k"));
    int answer =
        flow.indexOf(
            "answer", e -> is("master", "CLIENT_REPLY", "put").test(e) && e.key().equals("k"));
    assertThat(flow.at(answer).detail()).isEqualTo("ok");
    for (String slave : List.of("slave_1", "slave_2")) {
      int prepare = flow.sent("master", "prepare", slave, "k");
      int prepareArrives = flow.receivedOf(prepare);
      int prepared =
          flow.indexOf(
              slave + " prepared",
              e -> is(slave, "STATE", "PREPARED").test(e) && e.key().equals("k"));
      int vote = flow.sent(slave, "vote-yes", "master", "k");
      int voteArrives = flow.receivedOf(vote);
      int commit = flow.sent("master", "commit", slave, "k");
      int commitArrives = flow.receivedOf(commit);
      int ack = flow.sent(slave, "ack", "master", "k");
      int ackArrives = flow.receivedOf(ack);

      assertThat(
              List.of(
                  request,
                  prepare,
                  prepareArrives,
                  prepared,
                  vote,
                  voteArrives,
                  committed,
                  commit,
                  commitArrives,
                  ack,
                  ackArrives))
          .as("2PC with " + slave)
          .isSorted();
      // The master answers once COMMIT is durable and sent; it does not wait for the acks.
      assertThat(answer).isGreaterThan(commit);
    }
  }

  @Test
  void partitionMakesThePrepareTimeOutAndExcludesTheSlaveUntilHealed() throws Exception {
    cluster = InJvmCluster.start(dir, CLUSTER);
    cluster
        .admin
        .setRule("master", new AdminClient.Rule("slave_1", 0, 0, true))
        .get(10, TimeUnit.SECONDS);

    // exclude (the default policy): slave_1 is dropped from the group and the put commits on
    // slave_2
    assertThat(cluster.store.put("master", "cut", "1").get(30, TimeUnit.SECONDS)).isTrue();
    cluster.awaitEvent(e -> is("master", "CLIENT_REPLY", "put").test(e) && e.key().equals("cut"));
    Flow flow = new Flow(cluster.events());
    int lost =
        flow.indexOf(
            "prepare dropped",
            e ->
                is("master", "SENT", "prepare").test(e)
                    && e.peer().equals("slave_1")
                    && e.key().equals("cut")
                    && e.detail().equals("dropped"));
    int excluded =
        flow.indexOf(
            "slave_1 excluded",
            e -> is("master", "STATE", "EXCLUDED").test(e) && e.peer().equals("slave_1"));
    int committed =
        flow.indexOf(
            "commit without slave_1",
            e -> is("master", "STATE", "COMMITTED").test(e) && e.key().equals("cut"));
    assertThat(List.of(lost, excluded, committed)).isSorted();
    assertThat(
            cluster.find(
                e -> is("slave_1", "RECEIVED", "prepare").test(e) && e.key().equals("cut")))
        .isEmpty();

    cluster.admin.clearRule("master", "slave_1").get(10, TimeUnit.SECONDS);
    long excludedSeq = flow.at(excluded).seq();
    cluster.awaitEvent(
        e ->
            is("master", "STATE", "MEMBER").test(e)
                && e.peer().equals("slave_1")
                && e.seq() > excludedSeq);
    assertThat(cluster.store.put("master", "healed", "2").get(30, TimeUnit.SECONDS)).isTrue();
    cluster.awaitEvent(
        e -> is("slave_1", "RECEIVED", "prepare").test(e) && e.key().equals("healed"));
    assertThat(cluster.store.get("slave_1", "cut").get(30, TimeUnit.SECONDS)).contains("1");
  }

  @Test
  void strictPolicyAbortsThePutWhileTheSlaveIsCutOff() throws Exception {
    cluster = InJvmCluster.start(dir, "on_slave_failure: strict\n" + CLUSTER);
    cluster
        .admin
        .setRule("master", new AdminClient.Rule("slave_1", 0, 0, true))
        .get(10, TimeUnit.SECONDS);

    assertThat(cluster.store.put("master", "cut", "1").get(30, TimeUnit.SECONDS)).isFalse();
    cluster.awaitEvent(e -> is("master", "STATE", "ABORTED").test(e) && e.key().equals("cut"));
    cluster.awaitEvent(
        e ->
            is("master", "SENT", "abort").test(e)
                && e.peer().equals("slave_2")
                && e.key().equals("cut"));

    cluster.admin.clearRule("master", "").get(10, TimeUnit.SECONDS);
    assertThat(cluster.store.put("master", "healed", "2").get(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void heldMessagesStallThePutUntilReleasedOneByOne() throws Exception {
    cluster = InJvmCluster.start(dir, CLUSTER);
    cluster.admin.setHold("master", true).get(10, TimeUnit.SECONDS);

    CompletableFuture<Boolean> put = cluster.store.put("master", "step", "1");
    cluster.awaitEvent(e -> is("master", "HELD", "prepare").test(e) && e.peer().equals("slave_1"));
    cluster.awaitEvent(e -> is("master", "HELD", "prepare").test(e) && e.peer().equals("slave_2"));
    assertThat(put).isNotDone();

    int released = 0;
    while (!put.isDone()) {
      List<AdminClient.Held> held =
          cluster.admin.held("master").get(10, TimeUnit.SECONDS).messages();
      if (held.isEmpty()) {
        await()
            .atMost(InJvmCluster.WAIT)
            .until(
                () ->
                    put.isDone()
                        || !cluster
                            .admin
                            .held("master")
                            .get(10, TimeUnit.SECONDS)
                            .messages()
                            .isEmpty());
        continue;
      }
      AdminClient.Held next = held.get(0);
      assertThat(cluster.admin.release("master", next.id()).get(10, TimeUnit.SECONDS).affected())
          .isEqualTo(1);
      released++;
      cluster.awaitEvent(
          e ->
              is("master", "RELEASED", next.type()).test(e)
                  && e.detail().equals("released id=" + next.id()));
      if (released == 1) {
        assertThat(put).as("one prepare released, the other still held").isNotDone();
      }
    }
    assertThat(put.get()).isTrue();
    assertThat(released).isGreaterThanOrEqualTo(2);
    new Flow(cluster.events()).assertCausal();
  }
}
