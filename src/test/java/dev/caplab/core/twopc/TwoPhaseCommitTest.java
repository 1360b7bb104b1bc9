package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.Inspectable;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventType;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.twopc.TestCluster.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-phase commit scenarios on the in-memory network: the state machines with real stores and
 * logs.
 */
class TwoPhaseCommitTest {

  @TempDir Path dir;
  private TestCluster cluster;

  private TestCluster exclude() {
    cluster = new TestCluster(dir, false, "slave_1", "slave_2").started();
    return cluster;
  }

  private TestCluster strict() {
    cluster = new TestCluster(dir, true, "slave_1", "slave_2").started();
    return cluster;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void putThroughMasterIsReadableOnEveryNodeRightAfterSuccess() {
    exclude();
    for (int i = 0; i < 20; i++) {
      cluster.master().put("k", "v" + i);
      for (TestNode node : cluster.all()) {
        assertThat(node.get("k")).as(node.id).contains("v" + i);
      }
    }
    assertThat(cluster.node("slave_1").saw(EventType.STATE, "PREPARED")).isTrue();
    assertThat(cluster.master().saw(EventType.STATE, "COMMITTED")).isTrue();
    List<Inspectable.TxView> shown = ((Inspectable) cluster.master().replica()).transactions();
    assertThat(shown)
        .hasSize(20)
        .last()
        .extracting(Inspectable.TxView::key, Inspectable.TxView::state)
        .containsExactly("k", "COMMITTED");
  }

  @Test
  void putToSlaveIsForwardedToTheMaster() {
    exclude();
    cluster.node("slave_2").put("k", "from-slave");
    cluster.master().mustHave("k", "from-slave");
    assertThat(cluster.node("slave_1").get("k")).contains("from-slave");
  }

  @Test
  void strictAbortsEveryPutWhileASlaveIsDown() {
    strict();
    cluster.master().put("k", "before");
    cluster.node("slave_2").crash();

    KvException error = cluster.master().putFails("k", "after");

    assertThat(error.reason()).isEqualTo(KvException.Reason.ABORTED);
    assertThat(error.getMessage()).contains("slave_2");
    assertThat(cluster.master().get("k")).contains("before");
    // slave_1 voted yes, then heard abort: the key is free and holds the old value
    assertThat(cluster.node("slave_1").get("k")).contains("before");
    assertThat(cluster.master().saw(EventType.STATE, "ABORTED")).isTrue();
  }

  @Test
  void excludeCommitsWithoutADeadSlave() {
    exclude();
    cluster.master().put("k", "before");
    cluster.node("slave_2").crash();

    cluster.master().put("k", "after");

    assertThat(cluster.node("slave_1").get("k")).contains("after");
    assertThat(cluster.master().saw(EventType.STATE, "EXCLUDED")).isTrue();
    assertThat(CompletableFutureTimer.time(() -> cluster.master().put("k2", "fast")))
        .isLessThan(150);
  }

  @Test
  void partitionedSlaveStopsServingBeforeTheMasterCommitsWithoutIt() {
    exclude();
    TestNode cutOff = cluster.node("slave_2");
    cluster.master().put("k", "old");
    assertThat(cutOff.get("k")).contains("old");
    cluster.network.cut("master", "slave_2");

    cluster.master().put("k", "new");

    // The master committed only after slave_2's lease ran out: it must not answer with "old" now,
    // and
    // the master it would forward the read to does not hear it.
    KvException error = cutOff.getFails("k");
    assertThat(error.reason())
        .isIn(KvException.Reason.UNAVAILABLE, KvException.Reason.DEADLINE_EXCEEDED);
    assertThat(cluster.master().saw(EventType.STATE, "WAITING-LEASE")).isTrue();
  }

  @Test
  void excludedSlaveRejoinsOnlyAfterCatchingUp() {
    exclude();
    TestNode cutOff = cluster.node("slave_2");
    cluster.network.cut("master", "slave_2");
    for (int i = 0; i < 30; i++) {
      cluster.master().put("key" + i, "v" + i);
    }
    // Cut off, it cannot hear that it was excluded; its lease runs out instead.
    cutOff.awaitStatus("no-lease");

    cluster.network.heal("master", "slave_2");

    await().atMost(TestCluster.WAIT).until(() -> cutOff.saw(EventType.NODE_STATUS, "excluded"));
    cutOff.awaitStatus("serving");
    for (int i = 0; i < 30; i++) {
      assertThat(cutOff.get("key" + i)).contains("v" + i);
    }
  }

  @Test
  void slowSlaveIsExcludedAndRejoinsWhenRestored() {
    exclude();
    TestNode slow = cluster.node("slave_2");
    cluster.network.slow("slave_2", TestCluster.PREPARE.multipliedBy(2));

    cluster.master().put("k", "v1");
    slow.awaitStatus("excluded");
    // While slow, the probe keeps it out, so puts do not wait for it again.
    assertThat(CompletableFutureTimer.time(() -> cluster.master().put("k", "v2"))).isLessThan(150);
    // Out of the group, it may not answer from its copy: the master answers for it.
    assertThat(slow.get("k")).contains("v2");

    cluster.network.restore("slave_2");
    slow.awaitStatus("serving");
    assertThat(slow.get("k")).contains("v2");
  }

  @Test
  void concurrentPutsOnSharedKeysLeaveEveryNodeIdentical() {
    exclude();
    List<CompletableFuture<Void>> puts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      puts.add(cluster.master().putAsync("key" + (i % 8), "v" + i));
    }
    TestCluster.join(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
    for (int k = 0; k < 8; k++) {
      String key = "key" + k;
      // same-key puts serialize in arrival order: the last one submitted wins
      cluster.master().mustHave(key, "v" + (392 + k));
      for (TestNode node : cluster.all()) {
        assertThat(node.get(key)).as(node.id + " " + key).contains("v" + (392 + k));
      }
    }
  }

  @Test
  void masterCrashAfterLoggingPrepareAbortsOnRestart() {
    exclude();
    cluster.master().put("k", "old");
    crashMasterAt(CrashPoint.AFTER_PREPARE_LOGGED);

    cluster.master().putCrashes("k", "new");
    cluster.master().crash();

    TestNode slave = cluster.node("slave_1");
    slave.awaitStatus("in-doubt");
    assertThat(slave.getFails("k").reason()).isEqualTo(KvException.Reason.UNAVAILABLE);
    assertThat(slave.saw(EventType.STATE, "IN_DOUBT")).isTrue();
    assertThat(((Inspectable) slave.replica()).transactions())
        .last()
        .extracting(Inspectable.TxView::key, Inspectable.TxView::state)
        .containsExactly("k", "IN_DOUBT");

    cluster.master().crashes = CrashSeam.NONE;
    cluster.master().start().awaitServing();

    for (TestNode node : cluster.all()) {
      node.awaitStatus("serving");
      assertThat(node.get("k")).as(node.id).contains("old");
    }
    cluster.master().put("k", "newer");
    assertThat(slave.get("k")).contains("newer");
  }

  @Test
  void masterCrashAfterLoggingCommitCommitsOnRestart() {
    exclude();
    cluster.master().put("k", "old");
    crashMasterAt(CrashPoint.AFTER_COMMIT_LOGGED);

    cluster.master().putCrashes("k", "new");
    cluster.master().crash();
    cluster.node("slave_1").awaitStatus("in-doubt");

    cluster.master().crashes = CrashSeam.NONE;
    cluster.master().start().awaitServing();

    for (TestNode node : cluster.all()) {
      node.awaitStatus("serving");
      assertThat(node.get("k")).as(node.id).contains("new");
    }
  }

  @Test
  void loggedAbortWinsOverALaterCommitOnTheSameKeyAfterRestart() throws Exception {
    // What a master leaves on disk when it aborted tx 2, a later put committed k at 3 and it was
    // killed
    // before every participant had acknowledged the abort.
    Path masterDir = Files.createDirectories(dir.resolve("master"));
    CoordinatorLog log = CoordinatorLog.open(masterDir);
    log.prepare(2, "k", List.of("slave_1", "slave_2")).join();
    log.abort(2);
    log.close();
    try (DurableStore store = DurableStore.open(masterDir.resolve("store"))) {
      store.put("k", "newer", new Version(3, "master")).join();
    }

    exclude();

    assertThat(((Inspectable) cluster.master().replica()).transactions())
        .filteredOn(tx -> tx.txId().equals("2"))
        .extracting(Inspectable.TxView::state)
        .containsExactly("ABORTED");
    assertThat(cluster.master().get("k")).contains("newer");
  }

  @Test
  void slaveThatCrashedWhilePreparedLearnsTheOutcomeOnRestart() {
    exclude();
    TestNode victim = cluster.node("slave_2");
    cluster.master().crashes =
        point -> {
          if (point == CrashPoint.AFTER_PREPARE_LOGGED) {
            victim.crash(); // voted yes, never hears commit
          }
        };
    cluster.master().put("k", "v");
    cluster.master().crashes = CrashSeam.NONE;

    victim.start().awaitServing();

    assertThat(victim.get("k")).contains("v");
    assertThat(victim.replica()).isInstanceOf(SlaveReplica.class);
    assertThat(((SlaveReplica) victim.replica()).participant().oldestUnresolved())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void slaveWhoseMachineLostAnUnforcedCommitGetsItBackBeforeServing() throws Exception {
    // A slave writes a commit to its store without an fsync of its own; a machine crash (not just
    // the process's) can then lose that write. Its fsync'd PREPARED record must bring it back.
    exclude();
    TestNode slave = cluster.node("slave_2");
    cluster.master().put("k", "old");
    Path storeLog = slave.dir.resolve("store").resolve("store.log");
    long beforeCommit = Files.size(storeLog);
    cluster.master().put("k", "new");
    slave.crash();
    try (java.nio.channels.FileChannel file =
        java.nio.channels.FileChannel.open(storeLog, java.nio.file.StandardOpenOption.WRITE)) {
      file.truncate(beforeCommit); // the page cache held the write; the machine went down
    }
    try (ParticipantLog log = ParticipantLog.open(slave.dir)) {
      assertThat(log.replayed())
          .extracting(ParticipantLog.Prepared::key, ParticipantLog.Prepared::value)
          .contains(org.assertj.core.groups.Tuple.tuple("k", "new"));
    }

    slave.start().awaitServing();

    assertThat(slave.get("k")).contains("new");
    assertThat(((SlaveReplica) slave.replica()).participant().oldestUnresolved())
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void restartedSlaveCatchesUpOnEverythingItMissed() {
    exclude();
    TestNode slave = cluster.node("slave_2");
    cluster.master().put("early", "1");
    slave.crash();
    for (int i = 0; i < 200; i++) {
      cluster.master().put("key" + i, "v" + i);
    }
    slave.start().awaitServing();
    for (int i = 0; i < 200; i++) {
      assertThat(slave.get("key" + i)).contains("v" + i);
    }
    assertThat(slave.get("early")).contains("1");
  }

  @Test
  void farBehindSlaveCatchesUpInSeveralPages() {
    exclude();
    TestNode slave = cluster.node("slave_2");
    slave.crash();
    String big = "x".repeat(8 * 1024);
    int count = 3 * CatchUpSource.PAGE_BYTES / big.length();
    for (int i = 0; i < count; i++) {
      cluster.master().put("big" + i, big + i);
    }
    slave.start().awaitServing();
    for (int i = 0; i < count; i++) {
      slave.mustHave("big" + i, big + i);
    }
  }

  @Test
  void masterDownMakesSlavesUnavailableNotStale() {
    exclude();
    cluster.master().put("k", "v");
    cluster.master().crash();
    TestNode slave = cluster.node("slave_1");
    slave.awaitStatus("no-lease");
    assertThat(slave.getFails("k").reason()).isEqualTo(KvException.Reason.UNAVAILABLE);
    assertThat(slave.putFails("k", "w").reason()).isEqualTo(KvException.Reason.UNAVAILABLE);

    cluster.master().start().awaitServing();
    await().atMost(TestCluster.WAIT).until(() -> "serving".equals(slave.status()));
    assertThat(slave.get("k")).contains("v");
  }

  @Test
  void wholeClusterRestartKeepsAcknowledgedWrites() {
    exclude();
    for (int i = 0; i < 50; i++) {
      cluster.master().put("key" + i, "v" + i);
    }
    cluster.all().forEach(TestNode::crash);
    cluster.all().forEach(TestNode::start);
    cluster.all().forEach(TestNode::awaitServing);
    for (TestNode node : cluster.all()) {
      for (int i = 0; i < 50; i++) {
        assertThat(node.get("key" + i)).as(node.id).contains("v" + i);
      }
    }
    cluster.master().put("key0", "after-restart");
    assertThat(cluster.node("slave_2").get("key0")).contains("after-restart");
  }

  @Test
  void restartedMasterNeverReusesASequenceNumber() {
    exclude();
    cluster.master().put("k", "a");
    long before = cluster.master().store().version("k").counter();
    cluster.master().restart();
    cluster.master().awaitServing();
    cluster.master().put("k2", "b");
    assertThat(cluster.master().store().version("k2").counter())
        .isGreaterThan(before + TxRegistry.BLOCK / 2);
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
