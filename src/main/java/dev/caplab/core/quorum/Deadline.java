package dev.caplab.core.quorum;

import java.time.Clock;
import java.time.Duration;

/** The moment a client request must be answered by; every phase of the request shares it. */
record Deadline(Clock clock, long atMillis) {

  static Deadline after(Clock clock, Duration timeout) {
    return new Deadline(clock, clock.millis() + timeout.toMillis());
  }

  Duration remaining() {
    return Duration.ofMillis(Math.max(0, atMillis - clock.millis()));
  }
}
