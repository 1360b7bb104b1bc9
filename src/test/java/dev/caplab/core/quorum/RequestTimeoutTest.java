package dev.caplab.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RequestTimeoutTest {

  private static final QuorumSettings COLD =
      QuorumSettings.defaults().withColdStart(Duration.ofSeconds(5), Duration.ofSeconds(3));

  @Test
  void isLongerDuringTheColdStartOnlyAndNeverShorterThanConfigured() {
    MutableClock clock = new MutableClock(10_000);
    RequestTimeout running = new RequestTimeout(clock, Duration.ofMillis(500), COLD);
    clock.millis = 14_999;
    assertThat(running.now()).isEqualTo(Duration.ofSeconds(3));
    clock.millis = 15_000;
    assertThat(running.now()).isEqualTo(Duration.ofMillis(500));

    assertThat(new RequestTimeout(clock, Duration.ofSeconds(10), COLD).now())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(new RequestTimeout(clock, Duration.ofMillis(500), QuorumSettings.defaults()).now())
        .isEqualTo(Duration.ofMillis(500));
  }

  private static final class MutableClock extends Clock {
    long millis;

    MutableClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
