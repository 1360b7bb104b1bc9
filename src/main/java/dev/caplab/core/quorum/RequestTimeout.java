package dev.caplab.core.quorum;

import java.time.Clock;
import java.time.Duration;

/**
 * The timeout of a quorum request, longer during the node's cold start (see QuorumSettings).
 * Thread-safe.
 */
final class RequestTimeout {

  private final Clock clock;
  private final Duration configured;
  private final Duration cold;
  private final long coldUntilMillis;

  RequestTimeout(Clock clock, Duration configured, QuorumSettings settings) {
    this.clock = clock;
    this.configured = configured;
    this.cold =
        configured.compareTo(settings.coldTimeout()) >= 0 ? configured : settings.coldTimeout();
    this.coldUntilMillis = clock.millis() + settings.coldStart().toMillis();
  }

  Duration now() {
    return clock.millis() < coldUntilMillis ? cold : configured;
  }
}
