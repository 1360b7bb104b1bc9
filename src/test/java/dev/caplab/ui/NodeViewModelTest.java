package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import org.junit.jupiter.api.Test;

class NodeViewModelTest {

  private final NodeViewModel slave =
      new NodeViewModel(new NodeConfig("slave_1", "127.0.0.1", 24001, 1, Role.SLAVE));

  @Test
  void startGoesThroughRecoveringToServing() {
    assertThat(slave.status()).isEqualTo(NodeStatus.STOPPED);
    slave.onProcess(NodeProcessState.STARTING);
    assertThat(slave.status()).isEqualTo(NodeStatus.STARTING);
    slave.onReported("recovering", "catching up from commit 12");
    assertThat(slave.status()).isEqualTo(NodeStatus.RECOVERING);
    assertThat(slave.statusDetailProperty().get()).isEqualTo("catching up from commit 12");
    slave.onReported("serving", "");
    slave.onProcess(NodeProcessState.SERVING);
    assertThat(slave.status()).isEqualTo(NodeStatus.SERVING);
  }

  @Test
  void reportsFromBeforeTheProcessServedDoNotTakeTheCardBack() {
    slave.onProcess(NodeProcessState.STARTING, 1_000);
    slave.onReported("recovering", "resolving transactions left in the log", 1_200);
    assertThat(slave.status()).isEqualTo(NodeStatus.RECOVERING);
    slave.onProcess(NodeProcessState.SERVING, 2_000);
    assertThat(slave.status()).isEqualTo(NodeStatus.SERVING);

    // The event stream connected late and replays the start.
    slave.onReported("starting", "mode centralized", 1_100);
    slave.onReported("catching-up", "have everything up to 0", 1_500);
    slave.onMembership("JOINING", "epoch 1, catches up to 0", 1_600);
    assertThat(slave.status()).isEqualTo(NodeStatus.SERVING);

    // A rejoin after serving is news.
    slave.onMembership("JOINING", "epoch 2, catches up to 7", 5_000);
    assertThat(slave.status()).isEqualTo(NodeStatus.RECOVERING);
  }

  @Test
  void aNodeComingUpShowsHowLongItHasTaken() {
    slave.onProcess(
        NodeProcessState.STARTING); // before any frame: the count starts at the next one
    slave.tick(1_000_000_000L);
    assertThat(slave.elapsedProperty().get()).isEqualTo("0.0 s");
    slave.tick(3_400_000_000L);
    assertThat(slave.elapsedProperty().get()).isEqualTo("2.4 s");
    slave.onReported("recovering", "");
    slave.tick(4_000_000_000L);
    assertThat(slave.elapsedProperty().get())
        .as("recovering continues the count")
        .isEqualTo("3.0 s");
    slave.onProcess(NodeProcessState.SERVING);
    assertThat(slave.elapsedProperty().get()).isEmpty();
  }

  @Test
  void killShowsDownAndForgetsWhatTheOldProcessReported() {
    slave.onProcess(NodeProcessState.SERVING);
    slave.onReported("slowed", "every request waits 5 s");
    assertThat(slave.slowSecondsProperty().get()).isEqualTo(5);

    slave.onProcess(NodeProcessState.KILLED);
    assertThat(slave.status()).isEqualTo(NodeStatus.DOWN);
    assertThat(slave.statusDetailProperty().get()).contains("SIGKILL");

    slave.onProcess(NodeProcessState.STARTING);
    slave.onProcess(NodeProcessState.SERVING);
    assertThat(slave.status()).isEqualTo(NodeStatus.SERVING);
    assertThat(slave.slowSecondsProperty().get()).as("a new process runs at full speed").isZero();
  }

  @Test
  void slownessIsItsOwnFactThatLaterStatusReportsDoNotReplace() {
    slave.onProcess(NodeProcessState.SERVING);
    slave.onReported("slowed", "every request waits 2 s");
    slave.onMembership("EXCLUDED", "did not answer prepare in 500 ms");
    slave.onReported("serving", "anti-entropy caught up");

    assertThat(slave.status()).isEqualTo(NodeStatus.EXCLUDED);
    assertThat(slave.slowSecondsProperty().get()).isEqualTo(2);

    slave.onReported("serving", "restored");
    assertThat(slave.slowSecondsProperty().get()).isZero();
    assertThat(slave.status())
        .as("a restore says nothing about the protocol status")
        .isEqualTo(NodeStatus.EXCLUDED);
  }

  @Test
  void stoppingForgetsTheMastersViewOfTheSlave() {
    slave.onProcess(NodeProcessState.SERVING);
    slave.onMembership("EXCLUDED", "did not answer prepare in 500 ms");
    slave.onProcess(NodeProcessState.STOPPED);
    assertThat(slave.membershipProperty().get()).isEmpty();
    assertThat(slave.status()).isEqualTo(NodeStatus.STOPPED);
  }

  @Test
  void aProcessThatExitsBeforeServingFailedToStart() {
    slave.onProcess(NodeProcessState.STARTING);
    slave.onProcess(NodeProcessState.EXITED);
    assertThat(slave.status()).isEqualTo(NodeStatus.FAILED);

    slave.onProcess(NodeProcessState.STARTING);
    slave.onProcess(NodeProcessState.SERVING);
    slave.onProcess(NodeProcessState.EXITED);
    assertThat(slave.status()).isEqualTo(NodeStatus.DOWN);
  }

  @Test
  void aNodeShownStartingSinceStartThatCannotLaunchShowsFailed() {
    slave.onProcess(
        NodeProcessState.STARTING); // the lab marks every node starting when Start is pressed
    slave.onStartFailed("cannot start: port 24001 is already in use");
    assertThat(slave.status()).isEqualTo(NodeStatus.FAILED);
  }

  @Test
  void aNodeThatCannotEvenLaunchShowsWhy() {
    slave.onStartFailed("node slave_1 cannot start: port 24001 is already in use");
    assertThat(slave.status()).isEqualTo(NodeStatus.FAILED);
    assertThat(slave.statusDetailProperty().get()).contains("port 24001");
    slave.onProcess(NodeProcessState.STARTING);
    assertThat(slave.status()).isEqualTo(NodeStatus.STARTING);
  }

  @Test
  void inDoubtAndExcludedComeFromTheNodesOwnReports() {
    slave.onProcess(NodeProcessState.SERVING);
    slave.onReported("in-doubt", "tx 7 prepared, master unreachable");
    assertThat(slave.status()).isEqualTo(NodeStatus.IN_DOUBT);
    slave.onReported("excluded", "");
    assertThat(slave.status()).isEqualTo(NodeStatus.EXCLUDED);
    slave.onReported("no-such-status", "");
    assertThat(slave.status()).isEqualTo(NodeStatus.EXCLUDED);
  }

  @Test
  void theMastersMembershipViewShowsExcludedAndRejoining() {
    slave.onProcess(NodeProcessState.SERVING);
    slave.onMembership("EXCLUDED", "did not answer prepare in 500 ms");
    assertThat(slave.status()).isEqualTo(NodeStatus.EXCLUDED);
    assertThat(slave.statusDetailProperty().get()).contains("prepare");

    slave.onProcess(NodeProcessState.KILLED);
    assertThat(slave.status()).isEqualTo(NodeStatus.DOWN);
    slave.onProcess(NodeProcessState.SERVING);
    slave.onMembership("JOINING", "catches up to 12");
    assertThat(slave.status()).isEqualTo(NodeStatus.RECOVERING);
    slave.onMembership("MEMBER", "caught up");
    assertThat(slave.status()).isEqualTo(NodeStatus.SERVING);
  }

  @Test
  void phaseAndVoteMeterDimAfterAWhile() {
    slave.tick(1_000_000_000L);
    slave.onState("PREPARED", "tx-1");
    slave.onQuorum("write", 2, 3);
    assertThat(slave.phaseFreshProperty().get()).isTrue();
    assertThat(slave.phaseKindProperty().get()).isEqualTo(MessageKind.REQUEST);

    slave.tick(1_000_000_000L + NodeViewModel.FRESH_NANOS + 1);
    assertThat(slave.phaseFreshProperty().get()).isFalse();
    assertThat(slave.quorumFreshProperty().get()).isFalse();
    assertThat(slave.phaseProperty().get()).isEqualTo("PREPARED");
    assertThat(slave.votesProperty().get()).isEqualTo(2);

    slave.onState("COMMITTED", "tx-1");
    assertThat(slave.phaseKindProperty().get()).isEqualTo(MessageKind.POSITIVE);
  }

  @Test
  void finishedBannersAndReachedMetersClearAfterAMomentButPendingOnesStay() {
    NodeViewModel master =
        new NodeViewModel(new NodeConfig("master", "127.0.0.1", 24000, 1, Role.MASTER));
    master.tick(1_000_000_000L);
    master.onState("COMMITTED", "1");
    slave.tick(1_000_000_000L);
    slave.onState("PREPARED", "1");
    slave.onQuorum("write-acks", 3, 3);

    master.tick(1_000_000_000L + NodeViewModel.CLEAR_NANOS - 1);
    assertThat(master.phaseProperty().get()).isEqualTo("COMMITTED");
    master.tick(1_000_000_000L + NodeViewModel.CLEAR_NANOS);
    slave.tick(1_000_000_000L + NodeViewModel.CLEAR_NANOS);
    assertThat(master.phaseProperty().get()).isEmpty();
    assertThat(master.phaseTxProperty().get()).isEmpty();
    assertThat(slave.neededProperty().get()).as("the reached meter is gone").isZero();
    assertThat(slave.phaseProperty().get())
        .as("a transaction still open stays")
        .isEqualTo("PREPARED");
  }

  @Test
  void aReachedQuorumStaysOnTheMeterBrieflyBeforeTheNextPhase() {
    slave.tick(1_000_000_000L);
    slave.onQuorum("write-votes", 4, 3);
    slave.onQuorum("write-acks", 1, 3);
    assertThat(slave.quorumOpProperty().get()).isEqualTo("write-votes");
    assertThat(slave.votesProperty().get()).isEqualTo(4);

    slave.tick(1_000_000_000L + NodeViewModel.REACHED_HOLD_NANOS);
    assertThat(slave.quorumOpProperty().get()).isEqualTo("write-acks");
    assertThat(slave.votesProperty().get()).isEqualTo(1);
  }

  @Test
  void theMeterSaysWhenTheQuorumIsReachedEvenIfMoreVotesCame() {
    assertThat(NodeView.meterText(1, 3, "write-votes")).isEqualTo("1 / 3 votes · write grants");
    assertThat(NodeView.meterText(3, 3, "write-acks")).isEqualTo("3 / 3 needed ✓ · write acks");
    assertThat(NodeView.meterText(4, 3, "write-votes"))
        .isEqualTo("3 / 3 needed ✓ (4 cast) · write grants");
  }
}
