package dev.caplab.ui;

import static dev.caplab.ui.Ev.received;
import static dev.caplab.ui.Ev.sent;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageFlowTest {

  private static final long MS = 1_000_000L;
  private final MessageFlow flow = new MessageFlow();
  private long now = 1_000 * MS;

  @BeforeEach
  void cluster() {
    flow.reset(Map.of("master", 1, "slave_1", 1, "slave_2", 1));
    flow.tick(now);
  }

  @Test
  void votesLeaveOnlyAfterThePrepareTheyAnswerHasArrived() {
    feed(
        sent("master", 1, "slave_1", "prepare", "k"),
        sent("master", 2, "slave_2", "prepare", "k"),
        received("slave_1", 1, "master", 1, "prepare", "k"),
        sent("slave_1", 2, "master", "vote-yes", "k"),
        received("slave_2", 1, "master", 2, "prepare", "k"),
        sent("slave_2", 2, "master", "vote-yes", "k"));

    advance(10);
    assertThat(labelsFlying()).containsExactly("prepare", "prepare");

    advance(MessageFlow.TRIP_MILLIS);
    assertThat(labelsFlying()).containsExactly("yes", "yes");
    assertThat(flow.recent())
        .extracting(AnimationRecord::label)
        .containsExactly("prepare", "prepare", "vote-yes", "vote-yes");
  }

  @Test
  void aStateChangeWaitsUntilTheVotesBeforeItHaveLanded() {
    AtomicBoolean committed = new AtomicBoolean();
    feed(
        sent("slave_1", 1, "master", "vote-yes", "k"),
        received("master", 1, "slave_1", 1, "vote-yes", "k"));
    flow.defer("master", () -> committed.set(true));

    advance(MessageFlow.TRIP_MILLIS / 2);
    assertThat(committed).isFalse();
    advance(MessageFlow.TRIP_MILLIS);
    assertThat(committed).isTrue();
  }

  @Test
  void requestsOnDifferentKeysDoNotWaitForEachOther() {
    feed(
        sent("slave_1", 1, "master", "vote-yes", "a"),
        received("master", 1, "slave_1", 1, "vote-yes", "a"),
        sent("master", 2, "slave_2", "prepare", "b"),
        sent("master", 3, "slave_2", "commit", "a"));
    advance(10);
    assertThat(labelsFlying()).containsExactly("yes", "prepare");
    advance(MessageFlow.TRIP_MILLIS + 50);
    assertThat(labelsFlying()).containsExactly("commit");
  }

  @Test
  void aFloodOnOneLinkIsSampledAndTheRestIsMeteredByKind() {
    for (int i = 1; i <= 1000; i++) {
      flow.onEvent(sent("master", i, "slave_1", "prepare", "k" + i));
    }
    flow.onEvent(sent("slave_1", 1, "master", "vote-yes", "k1"));
    flow.onEvent(sent("master", 1001, "slave_1", "commit", "k1"));

    // A sample: a few prepares, and the commit although the link is full, because no commit was on
    // it yet.
    assertThat(flow.queuedCount()).isEqualTo(MessageFlow.MAX_PER_LINK + 2);
    assertThat(flow.aggregated()).isEqualTo(1000 - MessageFlow.MAX_PER_LINK);
    advanceReal(300);
    assertThat(flow.meters())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(List.of(m.a(), m.b())).containsExactly("master", "slave_1");
              assertThat(m.rates())
                  .extracting(LinkMeter.Rate::label)
                  .containsExactly("prepare", "commit", "vote-yes");
              assertThat(m.total() * LinkMeter.WINDOW_NANOS / 1e9)
                  .isCloseTo(1002, org.assertj.core.data.Offset.offset(0.5));
              assertThat(m.byKind())
                  .containsOnlyKeys(
                      MessageKind.REQUEST, MessageKind.POSITIVE, MessageKind.DECISION);
            });
  }

  @Test
  void aFloodOverManyKindsStaysWithinTheQueueBound() {
    for (int i = 1; i <= 1000; i++) {
      flow.onEvent(sent("master", i, "slave_1", "type-" + i, "k"));
    }
    assertThat(flow.queuedCount()).isEqualTo(MessageFlow.MAX_QUEUED);
    assertThat(flow.aggregated()).isEqualTo(1000 - MessageFlow.MAX_QUEUED);
    advance(10);
    assertThat(flow.tokens()).hasSizeLessThanOrEqualTo(MessageFlow.MAX_FLYING);
  }

  @Test
  void aChainTooLongToDrawInTimeEndsInTheMeter() {
    // Twelve messages, each sent on receipt of the one before: drawing them one after another would
    // leave the
    // picture further and further behind the cluster.
    int hops = 12;
    for (int i = 1; i <= hops; i++) {
      String from = i % 2 == 1 ? "master" : "slave_1";
      String to = i % 2 == 1 ? "slave_1" : "master";
      // One label per hop, so the link's sampling keeps them all and only the waiting time decides.
      feed(
          sent(from, 2L * i, to, "ping" + i, "k"),
          received(to, 2L * i + 1, from, 2L * i, "ping" + i, "k"));
    }
    flow.pausedProperty().set(true);
    advance(MessageFlow.MAX_WAIT_MILLIS * 2);
    assertThat(flow.aggregated()).as("no animation time passes while paused").isZero();

    flow.pausedProperty().set(false);
    advance(hops * (MessageFlow.TRIP_MILLIS + 50));
    assertThat(flow.startedTotal()).isBetween(7L, hops - 1L);
    assertThat(flow.startedTotal() + flow.aggregated()).isEqualTo(hops);
    assertThat(flow.queuedCount()).isZero();
  }

  @Test
  void metersFadeAfterTheFloodStops() {
    for (int i = 1; i <= MessageFlow.MAX_QUEUED + 5; i++) {
      flow.onEvent(sent("master", i, "slave_1", "prepare", "k"));
    }
    assertThat(flow.meters()).hasSize(1);

    // The queued ones never get drawn either (nothing is received), so they join the meter later.
    advanceReal(MessageFlow.LOST_AFTER_MILLIS + MessageFlow.METER_HOLD_NANOS / MS + 1000);
    assertThat(flow.meters()).isEmpty();
  }

  @Test
  void aMessageNeverReceivedIsShownLostThenRemoved() {
    feed(sent("master", 1, "slave_1", "commit", "k"));

    advance(MessageFlow.TRIP_MILLIS + 50);
    assertThat(flow.tokens())
        .singleElement()
        .extracting(Token::phase)
        .isEqualTo(Token.Phase.WAITING);
    advance(MessageFlow.LOST_AFTER_MILLIS);
    assertThat(flow.tokens()).singleElement().extracting(Token::phase).isEqualTo(Token.Phase.LOST);
    advance(Token.LOST_SHOWN_MILLIS + 10);
    assertThat(flow.tokens()).isEmpty();
  }

  @Test
  void aReceiptThatCameBeforeItsSendLeavesNoTokenParkedAtTheReceiver() {
    // At start the merged stream can pass the master's RECEIVED on before slave_1's stream has
    // connected.
    feed(received("master", 1, "slave_1", 4, "join", ""), sent("slave_1", 4, "master", "join", ""));

    advance(MessageFlow.TRIP_MILLIS + 50);
    assertThat(flow.tokens()).isEmpty();
    assertThat(flow.started("join")).isEqualTo(1);
  }

  @Test
  void atLowSpeedAMessageNeverReceivedStillGoesAfterTheSameRealTime() {
    flow.speedProperty().set(0.1);
    feed(sent("master", 1, "slave_1", "commit", "k"));

    advance(MessageFlow.TRIP_MILLIS * 10 + 50);
    assertThat(flow.tokens())
        .singleElement()
        .extracting(Token::phase)
        .isEqualTo(Token.Phase.WAITING);
    advance(MessageFlow.LOST_AFTER_MILLIS + Token.LOST_SHOWN_MILLIS + 50);
    assertThat(flow.tokens()).isEmpty();
  }

  @Test
  void aMessageDroppedByAPartitionIsLostHalfway() {
    feed(Ev.event("master", 1, "SENT", "prepare", "slave_1", "k", 0, 0, "dropped", 0));
    advance(MessageFlow.TRIP_MILLIS / 2 + 50);
    assertThat(flow.tokens())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.phase()).isEqualTo(Token.Phase.LOST);
              assertThat(t.progress()).isEqualTo(0.5);
            });
  }

  @Test
  void pauseHoldsTokensWhereTheyAreAndDoubleSpeedHalvesTheTrip() {
    feed(
        sent("master", 1, "slave_1", "prepare", "k"),
        received("slave_1", 1, "master", 1, "prepare", "k"));
    advance(10);
    double before = flow.tokens().get(0).progress();

    flow.pausedProperty().set(true);
    advance(500);
    assertThat(flow.tokens().get(0).progress()).isEqualTo(before);

    flow.pausedProperty().set(false);
    flow.speedProperty().set(2);
    advance(MessageFlow.TRIP_MILLIS / 2 + 10);
    assertThat(flow.tokens()).isEmpty();
    assertThat(flow.started("prepare")).isEqualTo(1);
  }

  @Test
  void aGrantShowsTheVotersWeight() {
    flow.reset(Map.of("node_0", 1, "node_1", 2, "node_2", 1));
    feed(sent("node_1", 1, "node_0", "vote-grant", "k"));
    advance(10);
    assertThat(flow.tokens()).singleElement().extracting(Token::text).isEqualTo("grant +2");
    assertThat(flow.tokens().get(0).kind()).isEqualTo(MessageKind.POSITIVE);
  }

  @Test
  void aRestartedNodesNewNumbersDoNotMatchItsOldMessages() {
    feed(sent("master", 1, "slave_1", "prepare", "k"));
    flow.forget("master");
    feed(received("slave_1", 1, "master", 1, "prepare", "k"));

    advance(MessageFlow.TRIP_MILLIS + 50);
    assertThat(flow.tokens())
        .singleElement()
        .extracting(Token::phase)
        .isEqualTo(Token.Phase.WAITING);
  }

  @Test
  void leasesAreNotDrawnUnlessAskedForAndHoldNothingBack() {
    AtomicBoolean applied = new AtomicBoolean();
    feed(
        sent("slave_1", 1, "master", "lease", ""),
        received("master", 1, "slave_1", 1, "lease", ""));
    flow.defer("master", () -> applied.set(true));
    advance(10);
    assertThat(flow.tokens()).isEmpty();
    assertThat(applied).isTrue();

    flow.showBackgroundProperty().set(true);
    feed(sent("slave_1", 2, "master", "lease", ""));
    advance(10);
    assertThat(flow.tokens())
        .singleElement()
        .extracting(Token::kind)
        .isEqualTo(MessageKind.BACKGROUND);
  }

  private void feed(dev.caplab.client.NodeEvent... events) {
    for (var e : events) {
      flow.onEvent(e);
    }
  }

  /** Moves the frame clock in small steps, as frames would. */
  private void advance(double millis) {
    advanceReal(millis);
  }

  private void advanceReal(double millis) {
    double left = millis;
    while (left > 0) {
      double step = Math.min(16, left);
      now += (long) (step * MS);
      flow.tick(now);
      left -= step;
    }
  }

  private List<String> labelsFlying() {
    return flow.tokens().stream()
        .filter(t -> t.phase() == Token.Phase.FLYING)
        .map(Token::text)
        .toList();
  }
}
