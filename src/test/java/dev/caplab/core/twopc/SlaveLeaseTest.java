package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import dev.caplab.core.twopc.TwoPcMessages.LeaseReply;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlaveLeaseTest {

  private static final Duration LEASE = Duration.ofMillis(900);
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /**
   * A master that answers every request after this delay, or not at all when the sender gave up
   * first.
   */
  private Transport slowMaster(long delayMillis) {
    return (peer, request, timeout) -> {
      CompletableFuture<Message> reply = new CompletableFuture<>();
      scheduler.schedule(
          () ->
              reply.completeExceptionally(
                  new PeerException(
                      PeerException.Kind.TIMEOUT, peer, "no answer within " + timeout)),
          timeout.toMillis(),
          TimeUnit.MILLISECONDS);
      scheduler.schedule(
          () -> reply.complete(new LeaseReply(true, LEASE.toMillis(), 0, "")),
          delayMillis,
          TimeUnit.MILLISECONDS);
      return reply;
    };
  }

  @Test
  void aGrantThatComesLaterThanTheRenewalPeriodButWithinTheLeaseStillCounts() throws Exception {
    // Renewals go every 300 ms; the master (slowed down) answers after 500 ms, well within the 900
    // ms lease.
    SlaveLease lease =
        new SlaveLease(
            slowMaster(500),
            Clock.systemUTC(),
            scheduler,
            LEASE,
            new SlaveLease.Listener() {
              public void granted(long epoch, long decidedUpTo) {}

              public void refused(long epoch, String reason) {}
            });

    lease.start(1).get(5, TimeUnit.SECONDS);

    assertThat(lease.valid()).isTrue();
    lease.stop();
  }
}
