package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The merge rules on a hand-made clock: no network, no sleeping. */
class EventMergerTest {

  private static final long MS = 1_000_000;
  private static final long HOLD = 40 * MS;
  private static final long PAIR_WAIT = 500 * MS;

  private EventMerger merger;
  private long now;

  @BeforeEach
  void connectBoth() {
    merger = new EventMerger(List.of("master", "slave_1"), HOLD, PAIR_WAIT);
    merger.connected("master", true);
    merger.connected("slave_1", true);
  }

  @Test
  void receiveArrivingBeforeItsSendIsHeldUntilTheSendComes() {
    add(received("slave_1", 1, 2, "master", 1));
    assertThat(drainAfter(HOLD * 2)).isEmpty();

    add(sent("master", 1, 1, "slave_1"));
    assertThat(drainAfter(HOLD)).containsExactly("master#1", "slave_1#1");
  }

  @Test
  void sendQueuedBehindEarlierEventsPullsThemAheadOfItsReceive() {
    // Clocks that disagree with causality (a restarted node): the pair still comes out in order.
    add(event("master", 1, 50, "STATE"));
    add(sent("master", 2, 51, "slave_1"));
    add(received("slave_1", 1, 3, "master", 2));
    assertThat(drainAfter(HOLD)).containsExactly("master#1", "master#2", "slave_1#1");
  }

  @Test
  void eventsAreMergedByLamportClock() {
    add(event("master", 1, 1, "STATE"));
    add(event("master", 2, 5, "STATE"));
    add(event("slave_1", 1, 3, "STATE"));
    add(event("slave_1", 2, 6, "STATE"));
    assertThat(drainAfter(HOLD)).containsExactly("master#1", "slave_1#1", "master#2", "slave_1#2");
  }

  @Test
  void anEventWaitsBrieflyForAConnectedNodeThatMayReportSomethingEarlier() {
    add(event("master", 1, 1, "STATE"));
    add(event("slave_1", 1, 1, "STATE"));
    add(event("master", 2, 10, "STATE"));
    assertThat(drain()).containsExactly("master#1", "slave_1#1");

    assertThat(drainAfter(HOLD / 2)).isEmpty();
    add(event("slave_1", 2, 4, "STATE"));
    assertThat(drainAfter(HOLD)).containsExactly("slave_1#2", "master#2");
  }

  @Test
  void aDisconnectedNodeIsNotWaitedFor() {
    merger.connected("slave_1", false);
    add(event("master", 1, 7, "STATE"));
    assertThat(drain()).containsExactly("master#1");
  }

  @Test
  void receiveWaitsForASenderWhoseStreamIsNotUpYet() {
    merger = new EventMerger(List.of("master", "slave_1"), HOLD, PAIR_WAIT);
    merger.connected("master", true);
    add(received("master", 1, 6, "slave_1", 5));
    assertThat(drainAfter(HOLD * 2)).isEmpty();

    merger.connected("slave_1", true);
    add(sent("slave_1", 5, 5, "master"));
    assertThat(drainAfter(HOLD)).containsExactly("slave_1#5", "master#1");
  }

  @Test
  void receiveDoesNotWaitForASenderWhoseStreamWasLost() {
    merger.connected("master", false);
    add(received("slave_1", 1, 20, "master", 5));
    assertThat(drainAfter(HOLD)).containsExactly("slave_1#1");
  }

  @Test
  void receiveWhoseSendFellIntoAGapGoesWithoutWaiting() {
    merger.gap("master", 1, 9);
    add(received("slave_1", 1, 20, "master", 5));
    assertThat(drainAfter(HOLD)).containsExactly("slave_1#1");
  }

  @Test
  void receiveWhoseSendNeverComesGoesAfterThePairWait() {
    add(received("slave_1", 1, 20, "master", 5));
    assertThat(drainAfter(PAIR_WAIT - MS)).isEmpty();
    assertThat(drainAfter(MS)).containsExactly("slave_1#1");
  }

  @Test
  void afterARestartTheNodesNewSeqsArePairedAfresh() {
    add(sent("master", 7, 7, "slave_1"));
    add(received("slave_1", 1, 8, "master", 7));
    assertThat(drainAfter(HOLD)).containsExactly("master#7", "slave_1#1");

    // master restarts: seq and clock begin again
    merger.add(sent("master", 1, 1, "slave_1"), now, true, null);
    add(received("slave_1", 2, 9, "master", 1));
    assertThat(drainAfter(HOLD)).containsExactly("master#1", "slave_1#2");
  }

  private void add(NodeEvent event) {
    merger.add(event, now, false, null);
  }

  private List<String> drainAfter(long nanos) {
    now += nanos;
    return drain();
  }

  private List<String> drain() {
    return merger.drain(now).stream().map(p -> p.event().node() + "#" + p.event().seq()).toList();
  }

  static NodeEvent event(String node, long seq, long lamport, String type) {
    return new NodeEvent(node, seq, lamport, 0, type, "", "", "", "", "", 0, 0, 0, "", 0);
  }

  static NodeEvent sent(String node, long seq, long lamport, String to) {
    return new NodeEvent(node, seq, lamport, 0, "SENT", "prepare", to, "k", "", "", 0, 0, 0, "", 0);
  }

  static NodeEvent received(String node, long seq, long lamport, String from, long causeSeq) {
    return new NodeEvent(
        node, seq, lamport, 0, "RECEIVED", "prepare", from, "k", "", "", 0, 0, 0, "", causeSeq);
  }
}
