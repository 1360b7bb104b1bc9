package dev.caplab.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock for measuring durations (leases, deadlines): wall time read once at creation, advanced by
 * {@link System#nanoTime()} after that. Thread-safe. A lease is only safe while each side measures
 * its own intervals correctly; a wall clock that NTP or an operator steps back or forward would
 * break that.
 */
public final class MonotonicClock extends Clock {

  private final long originMillis;
  private final long originNanos;

  public MonotonicClock() {
    this(System.currentTimeMillis(), System.nanoTime());
  }

  MonotonicClock(long originMillis, long originNanos) {
    this.originMillis = originMillis;
    this.originNanos = originNanos;
  }

  @Override
  public long millis() {
    return originMillis + (System.nanoTime() - originNanos) / 1_000_000;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("durations have no time zone");
  }
}
