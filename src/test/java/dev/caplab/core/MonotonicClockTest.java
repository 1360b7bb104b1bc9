package dev.caplab.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MonotonicClockTest {

  @Test
  void startsAtTheGivenWallTimeAndAdvancesOnlyWithElapsedNanos() {
    long nanos = System.nanoTime();
    MonotonicClock clock = new MonotonicClock(1_000_000, nanos);

    long first = clock.millis();
    while (System.nanoTime() - nanos < 20_000_000) {
      Thread.onSpinWait();
    }
    long second = clock.millis();

    assertThat(first).isGreaterThanOrEqualTo(1_000_000L).isLessThanOrEqualTo(second);
    assertThat(second - 1_000_000).isGreaterThanOrEqualTo(20);
    assertThat(clock.instant().toEpochMilli()).isGreaterThanOrEqualTo(second);
  }
}
