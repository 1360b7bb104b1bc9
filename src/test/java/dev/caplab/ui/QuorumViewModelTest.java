package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.NodeEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overlay's sets and their intersection, from QUORUM events as the coordinators report them.
 */
class QuorumViewModelTest {

  private static final Map<String, Integer> WEIGHTS = Map.of("node_0", 1, "node_1", 2, "node_2", 1);

  private final QuorumViewModel quorum = new QuorumViewModel();
  private long seq;

  @Test
  void aWriteShowsTheNodesThatAckedWithTheirWeightsSummed() {
    quorum.reset(WEIGHTS, 2, 3);

    quorum.onQuorum(reached("node_0", "write-acks", "k", "node_0, node_1"));

    QuorumViewModel.Overlay o = quorum.overlayProperty().get();
    assertThat(o.write().voters()).containsExactly("node_0", "node_1");
    assertThat(o.read()).isNull();
    assertThat(o.lines())
        .containsExactly("write quorum: node_0+node_1 = 3 ≥ Qw 3 · put k at node_0");
  }

  @Test
  void aReadAfterAWriteOfTheSameKeyShowsBothSetsAndTheNodesInBoth() {
    quorum.reset(WEIGHTS, 2, 3);
    quorum.onQuorum(reached("node_0", "write-acks", "k", "node_0, node_1"));
    quorum.tick(2_000_000_000L);

    quorum.onQuorum(
        new NodeEvent(
            "node_2",
            ++seq,
            seq,
            0,
            "QUORUM",
            "read-votes",
            "",
            "k",
            "",
            "",
            3,
            2,
            0,
            "node_2, node_1: quorum reached",
            0));

    QuorumViewModel.Overlay o = quorum.overlayProperty().get();
    assertThat(o.write().voters()).containsExactly("node_0", "node_1");
    assertThat(o.read().voters()).containsExactly("node_2", "node_1");
    assertThat(o.both()).containsExactly("node_1");
    assertThat(o.stale()).isFalse();
    assertThat(o.lines())
        .containsExactly(
            "write quorum: node_0+node_1 = 3 ≥ Qw 3 · put k at node_0",
            "read quorum: node_2+node_1 = 3 ≥ Qr 2 · get k at node_2",
            "in both: node_1, which holds the write, so the read sees it (Qr + Qw > 4 votes).");
  }

  @Test
  void weakQuorumsShowTheReadAndWriteThatShareNoNode() {
    quorum.reset(WEIGHTS, 1, 2);
    quorum.onQuorum(reached("node_2", "write-acks", "k", "node_2, node_1"));
    quorum.tick(2_000_000_000L);

    quorum.onQuorum(reached("node_0", "read-votes", "k", "node_0"));

    QuorumViewModel.Overlay o = quorum.overlayProperty().get();
    assertThat(o.both()).isEmpty();
    assertThat(o.stale()).isTrue();
    assertThat(o.lines().get(2))
        .isEqualTo(
            "in both: none. Qr 1 + Qw 2 = 3 is not more than 4 votes, so the read"
                + " can miss the write: a stale read.");
  }

  @Test
  void aReadOfAnotherKeyIsNotPairedWithTheWrite() {
    quorum.reset(WEIGHTS, 2, 3);
    quorum.onQuorum(reached("node_0", "write-acks", "a", "node_0, node_1"));
    quorum.tick(2_000_000_000L);

    quorum.onQuorum(reached("node_1", "read-votes", "b", "node_1"));

    QuorumViewModel.Overlay o = quorum.overlayProperty().get();
    assertThat(o.write()).isNull();
    assertThat(o.read().key()).isEqualTo("b");
    assertThat(o.lines()).hasSize(1);
  }

  @Test
  void talliesStillGatheringAndOtherPhasesAreNotQuorumsToShow() {
    quorum.reset(WEIGHTS, 2, 3);

    quorum.onQuorum(
        new NodeEvent(
            "node_0",
            ++seq,
            seq,
            0,
            "QUORUM",
            "write-acks",
            "",
            "k",
            "",
            "",
            1,
            3,
            0,
            "node_0",
            0));
    quorum.onQuorum(reached("node_0", "write-votes", "k", "node_0, node_1"));
    quorum.onQuorum(reached("node_0", "read-repair", "k", "node_0, node_1"));
    quorum.onQuorum(
        new NodeEvent(
            "node_0",
            ++seq,
            seq,
            0,
            "QUORUM",
            "write-acks",
            "",
            "k",
            "",
            "",
            1,
            3,
            0,
            "not reached: node_1 unreachable",
            0));

    assertThat(quorum.overlayProperty().get()).isNull();
  }

  @Test
  void centralizedModeHasNoWeightsAndShowsNothing() {
    quorum.reset(Map.of(), 0, 0);

    quorum.onQuorum(reached("node_0", "write-acks", "k", "node_0, node_1"));

    assertThat(quorum.overlayProperty().get()).isNull();
  }

  @Test
  void underLoadEachShownQuorumStaysUpForTheDwellBeforeTheNextReplacesIt() {
    quorum.reset(WEIGHTS, 2, 3);
    quorum.tick(10_000_000_000L);
    quorum.onQuorum(reached("node_0", "write-acks", "a", "node_0, node_1"));
    quorum.onQuorum(reached("node_2", "write-acks", "b", "node_2, node_1"));

    assertThat(quorum.overlayProperty().get().write().key()).isEqualTo("a");
    quorum.tick(10_000_000_000L + QuorumViewModel.DWELL_NANOS - 1);
    assertThat(quorum.overlayProperty().get().write().key()).isEqualTo("a");
    quorum.tick(10_000_000_000L + QuorumViewModel.DWELL_NANOS);
    assertThat(quorum.overlayProperty().get().write().key()).isEqualTo("b");
  }

  @Test
  void aStaleReadPinsThePairBehindItUntilDismissed() {
    quorum.reset(WEIGHTS, 1, 2);
    quorum.onQuorum(reached("node_2", "write-acks", "k", "node_2, node_1"));
    quorum.onQuorum(reached("node_0", "read-votes", "k", "node_0"));
    quorum.tick(5_000_000_000L); // shows the read, which waited for the write's dwell
    quorum.tick(7_000_000_000L);
    quorum.onQuorum(reached("node_1", "write-acks", "other", "node_1"));
    assertThat(quorum.overlayProperty().get().write().key()).isEqualTo("other");

    quorum.explainStaleRead("k", "node_0", "node_2");

    QuorumViewModel.Overlay pinned = quorum.overlayProperty().get();
    assertThat(pinned.pinned()).isTrue();
    assertThat(pinned.write().voters()).containsExactly("node_2", "node_1");
    assertThat(pinned.read().voters()).containsExactly("node_0");
    assertThat(pinned.stale()).isTrue();
    quorum.tick(20_000_000_000L);
    quorum.onQuorum(reached("node_1", "write-acks", "later", "node_1"));
    assertThat(quorum.overlayProperty().get()).isSameAs(pinned);

    quorum.dismiss();
    assertThat(quorum.overlayProperty().get()).isNull();
    quorum.onQuorum(reached("node_1", "write-acks", "later", "node_1"));
    assertThat(quorum.overlayProperty().get().write().key()).isEqualTo("later");
  }

  @Test
  void aStaleReadJudgedBeforeTheAnimationReachesItsQuorumIsPinnedWhenItDoes() {
    quorum.reset(WEIGHTS, 1, 2);
    quorum.onQuorum(reached("node_2", "write-acks", "k", "node_2, node_1"));

    quorum.explainStaleRead("k", "node_0", "node_2");
    assertThat(quorum.overlayProperty().get().pinned()).isFalse();
    quorum.onQuorum(reached("node_0", "read-votes", "k", "node_0"));

    QuorumViewModel.Overlay pinned = quorum.overlayProperty().get();
    assertThat(pinned.pinned()).isTrue();
    assertThat(pinned.read().voters()).containsExactly("node_0");
    assertThat(pinned.both()).isEmpty();
  }

  private NodeEvent reached(String coordinator, String phase, String key, String voters) {
    return new NodeEvent(
        coordinator,
        ++seq,
        seq,
        0,
        "QUORUM",
        phase,
        "",
        key,
        "",
        "1@" + coordinator,
        3,
        3,
        0,
        voters + ": quorum reached",
        0);
  }
}
