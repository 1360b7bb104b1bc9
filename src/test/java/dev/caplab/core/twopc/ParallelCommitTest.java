package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.net.Message;
import dev.caplab.core.twopc.TestCluster.TestNode;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.Resolve;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parallel commits on the in-memory network: what a crash between the votes and COMMIT means. */
class ParallelCommitTest {

  @TempDir Path dir;
  private TestCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private TestCluster cluster(boolean strict) {
    cluster = new TestCluster(dir, strict, "slave_1", "slave_2").parallelCommits().started();
    return cluster;
  }

  @Test
  void masterCrashAfterEveryVoteCommitsOnRestartBecauseEverySlavePrepared() {
    cluster(false);
    cluster.master().put("k", "old");
    crashMasterAt(CrashPoint.AFTER_PREPARE_LOGGED);
    cluster.master().putCrashes("k", "new");
    cluster.master().crash();

    cluster.master().crashes = CrashSeam.NONE;
    cluster.master().start().awaitServing();
    for (TestNode node : cluster.all()) {
      node.awaitStatus("serving");
      node.mustHave("k", "new");
    }
  }

  @Test
  void answeredPutIsReadFromTheMasterBeforeItsCommitRecordIsWritten() {
    cluster(false);
    for (int i = 0; i < 50; i++) {
      cluster.master().put("k", "v" + i);
      for (TestNode node : cluster.all()) {
        assertThat(node.get("k")).as(node.id).contains("v" + i);
      }
    }
  }

  @Test
  void slaveThatRefusedAStagedTransactionVotesNoToItsLatePrepareEvenAfterARestart() {
    cluster(true);
    TestNode slave = cluster.node("slave_1");
    long seq = 1_000_000_000L;
    Message refused = ask(slave, new Resolve(seq, "k"));
    assertThat(((Vote) refused).yes()).isFalse();

    slave.restart();
    Message late = ask(slave, new Prepare(seq, "k", "late"));
    assertThat(((Vote) late).yes()).as("late prepare after refusal").isFalse();
    Message prepared = ask(slave, new Prepare(seq + 1, "k2", "fine"));
    assertThat(((Vote) prepared).yes()).isTrue();
    assertThat(((Vote) ask(slave, new Resolve(seq + 1, "k2"))).yes()).isTrue();
  }

  @Test
  void stageAndRefusalSurviveLogReopen() throws Exception {
    Path d = dir.resolve("logs");
    java.nio.file.Files.createDirectories(d);
    try (CoordinatorLog log = CoordinatorLog.open(d)) {
      log.stage(7, "k", "v", List.of("slave_1", "slave_2")).join();
      log.prepare(8, "k2", List.of("slave_1")).join();
      log.compact();
    }
    try (CoordinatorLog log = CoordinatorLog.open(d)) {
      assertThat(log.unfinished())
          .extracting(CoordinatorLog.Unfinished::seq, CoordinatorLog.Unfinished::stagedValue)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(7L, "v"),
              org.assertj.core.groups.Tuple.tuple(8L, null));
    }
    try (ParticipantLog log = ParticipantLog.open(d)) {
      log.refused(5).join();
      log.compact();
    }
    try (ParticipantLog log = ParticipantLog.open(d)) {
      assertThat(log.isRefused(5)).isTrue();
      assertThat(log.isRefused(6)).isFalse();
    }
  }

  private Message ask(TestNode slave, Message request) {
    return TestCluster.join(
        cluster.network.transport("old-master").call(slave.id, request, Duration.ofSeconds(5)));
  }

  private void crashMasterAt(CrashPoint at) {
    TestNode master = cluster.master();
    master.crashes =
        point -> {
          if (point == at) {
            cluster.network.crash(master.id);
            throw new IllegalStateException("simulated crash at " + point);
          }
        };
  }
}
