package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinkMeterTest {

  private static final long MS = 1_000_000L;

  @Test
  void ratesAreMessagesPerSecondOverTheWindowFastestFirstBothWaysTogether() {
    LinkMeter meter = new LinkMeter("slave_1", "master");
    for (int i = 0; i < 400; i++) {
      meter.count("prepare", i * 5 * MS); // 200/s for two seconds
      if (i % 2 == 0) {
        meter.count("vote-yes", i * 5 * MS); // 100/s
      }
    }
    meter.count("abort", 1000 * MS);
    meter.refresh(1999 * MS);

    assertThat(meter.a()).isEqualTo("master");
    assertThat(meter.rates())
        .extracting(LinkMeter.Rate::label)
        .containsExactly("prepare", "vote-yes", "abort");
    assertThat(meter.rates().get(0).perSecond()).isCloseTo(200, within(0.01));
    assertThat(meter.total()).isCloseTo(300.5, within(0.01));
    assertThat(meter.byKind().get(MessageKind.REQUEST)).isCloseTo(200, within(0.01));
    assertThat(meter.byKind().get(MessageKind.NEGATIVE)).isCloseTo(0.5, within(0.01));
    assertThat(meter.shortText()).isEqualTo("301/s");
    assertThat(meter.details()).contains("master ↔ slave_1", "prepare  200/s", "vote-yes  100/s");
  }

  @Test
  void oldMessagesLeaveTheWindow() {
    LinkMeter meter = new LinkMeter("a", "b");
    for (int i = 0; i < 100; i++) {
      meter.count("commit", i * MS);
    }
    meter.refresh(1000 * MS);
    assertThat(meter.total()).isCloseTo(50, within(0.01));

    meter.refresh(1000 * MS + LinkMeter.WINDOW_NANOS);
    assertThat(meter.total()).isZero();
    assertThat(meter.rates()).isEmpty();
    meter.count("commit", 60_000 * MS); // long after: the window starts again
    meter.refresh(60_001 * MS);
    assertThat(meter.total()).isCloseTo(0.5, within(0.01));
  }

  @Test
  void theMeterIsWantedOnlyWhileMessagesAreLeftOutOfTheAnimation() {
    LinkMeter meter = new LinkMeter("a", "b");
    meter.count("commit", 0);
    assertThat(meter.wanted(0, MessageFlow.METER_HOLD_NANOS)).isFalse();
    meter.aggregated(10 * MS);
    assertThat(meter.wanted(20 * MS, MessageFlow.METER_HOLD_NANOS)).isTrue();
    assertThat(
            meter.wanted(10 * MS + MessageFlow.METER_HOLD_NANOS + 1, MessageFlow.METER_HOLD_NANOS))
        .isFalse();
  }

  @Test
  void largeRatesStayShort() {
    assertThat(LinkMeter.perSecond(12)).isEqualTo("12/s");
    assertThat(LinkMeter.perSecond(1643)).isEqualTo("1.6k/s");
    assertThat(LinkMeter.perSecond(26_400)).isEqualTo("26k/s");
  }
}
