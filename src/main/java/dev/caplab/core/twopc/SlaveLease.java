package dev.caplab.core.twopc;

import dev.caplab.core.net.Transport;
import dev.caplab.core.twopc.TwoPcMessages.LeaseReply;
import dev.caplab.core.twopc.TwoPcMessages.LeaseRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A slave's read lease: it may serve reads only until {@link #valid()} turns false. Thread-safe.
 *
 * <p>The slave counts a lease from the moment it <em>sent</em> the request, the master from the
 * moment it granted it, which is later; so the slave's lease always ends first, even with message
 * delay. A margin of a tenth of the lease covers clocks that run at slightly different rates.
 */
final class SlaveLease {

  /** Hears how renewals go. Called on transport threads. */
  interface Listener {
    void granted(long epoch, long decidedUpTo);

    void refused(long epoch, String reason);
  }

  private final Transport transport;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Duration period;
  private final Duration answerWithin;
  private final Listener listener;
  private volatile long epoch = -1;
  private volatile long expiresAt;
  private CompletableFuture<Void> firstGrant = new CompletableFuture<>();
  private ScheduledFuture<?> renewals;

  /**
   * Renewing three times per lease lets two renewals in a row be lost before the lease runs out.
   */
  private static final int RENEWALS_PER_LEASE = 3;

  private static final long MIN_PERIOD_MILLIS = 5;

  /** The slave gives up a tenth of each lease, for clocks that tick at slightly different rates. */
  private static final int DRIFT_MARGIN_DIVISOR = 10;

  SlaveLease(
      Transport transport,
      Clock clock,
      ScheduledExecutorService scheduler,
      Duration leaseDuration,
      Listener listener) {
    this.transport = transport;
    this.clock = clock;
    this.scheduler = scheduler;
    this.period =
        Duration.ofMillis(
            Math.max(MIN_PERIOD_MILLIS, leaseDuration.toMillis() / RENEWALS_PER_LEASE));
    this.answerWithin = leaseDuration.minus(leaseDuration.dividedBy(DRIFT_MARGIN_DIVISOR));
    this.listener = listener;
  }

  /**
   * Starts renewing under this membership epoch; completes at the first grant, fails if refused.
   */
  synchronized CompletableFuture<Void> start(long epoch) {
    stop();
    this.epoch = epoch;
    firstGrant = new CompletableFuture<>();
    CompletableFuture<Void> first = firstGrant;
    renewals =
        scheduler.scheduleWithFixedDelay(this::renew, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return first;
  }

  /** Gives the lease up at once (excluded, closing). */
  synchronized void stop() {
    epoch = -1;
    expiresAt = 0;
    if (renewals != null) {
      renewals.cancel(false);
      renewals = null;
    }
    firstGrant.completeExceptionally(new IllegalStateException("lease stopped"));
  }

  boolean valid() {
    return clock.millis() < expiresAt;
  }

  private void renew() {
    long asked = epoch;
    if (asked < 0) {
      return;
    }
    long sentAt = clock.millis();
    CompletableFuture<Void> first = firstGrant;
    // A grant is worth having until the lease it carries would end: a slow master's answer still
    // counts.
    transport
        .call(CentralizedReplicas.MASTER, new LeaseRequest(asked), answerWithin)
        .whenComplete(
            (reply, error) -> {
              if (epoch != asked || !(reply instanceof LeaseReply lease)) {
                return; // superseded, or no answer: the lease simply runs out
              }
              if (lease.granted()) {
                long until =
                    sentAt + lease.durationMillis() - lease.durationMillis() / DRIFT_MARGIN_DIVISOR;
                synchronized (this) {
                  expiresAt = Math.max(expiresAt, until);
                }
                listener.granted(asked, lease.decidedUpTo());
                first.complete(null);
              } else {
                expiresAt = 0;
                first.completeExceptionally(
                    new IllegalStateException("lease refused: " + lease.reason()));
                listener.refused(asked, lease.reason());
              }
            });
  }
}
