package dev.caplab.core.twopc;

import dev.caplab.core.net.Transport;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.Prepares;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import dev.caplab.core.twopc.TwoPcMessages.Votes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends prepares to slaves, at most one prepare message per slave on the way at a time: prepares
 * that become ready meanwhile leave together when it returns, and the slave logs them with one
 * fsync and answers them in one message. One put at a time costs one message each way as usual; N
 * concurrent puts share them. Thread-safe.
 */
final class PrepareSender {

  private record Pending(Prepare prepare, CompletableFuture<Vote> vote) {}

  private static final class Lane {
    final List<Pending> waiting = new ArrayList<>(); // guarded by this
    boolean sending; // guarded by this
  }

  private final Transport transport;
  private final Duration timeout;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  PrepareSender(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
  }

  /** Completes with the slave's vote, or fails as the call to it failed. */
  CompletableFuture<Vote> send(String slave, Prepare prepare) {
    Lane lane = lanes.computeIfAbsent(slave, s -> new Lane());
    Pending pending = new Pending(prepare, new CompletableFuture<>());
    List<Pending> batch = null;
    synchronized (lane) {
      lane.waiting.add(pending);
      if (!lane.sending) {
        lane.sending = true;
        batch = drain(lane);
      }
    }
    if (batch != null) {
      transmit(slave, lane, batch);
    }
    return pending.vote;
  }

  private void transmit(String slave, Lane lane, List<Pending> batch) {
    Prepares message = new Prepares(batch.stream().map(Pending::prepare).toList());
    transport
        .call(slave, message, timeout)
        .whenComplete(
            (reply, error) -> {
              List<Pending> next;
              synchronized (lane) {
                next = drain(lane);
                lane.sending = !next.isEmpty();
              }
              if (!next.isEmpty()) {
                transmit(slave, lane, next); // first: the next batch should not wait for callbacks
              }
              answer(batch, reply, error);
            });
  }

  private static void answer(List<Pending> batch, Object reply, Throwable error) {
    if (error != null) {
      batch.forEach(p -> p.vote.completeExceptionally(error));
      return;
    }
    Map<Long, Vote> bySeq = new HashMap<>();
    if (reply instanceof Votes votes) {
      votes.votes().forEach(v -> bySeq.put(v.seq(), v));
    } else if (reply instanceof Vote vote) {
      bySeq.put(vote.seq(), vote);
    }
    for (Pending p : batch) {
      Vote vote = bySeq.get(p.prepare.seq());
      p.vote.complete(
          vote != null
              ? vote
              : new Vote(p.prepare.seq(), p.prepare.key(), false, "no vote in the reply"));
    }
  }

  private static List<Pending> drain(Lane lane) {
    List<Pending> batch = new ArrayList<>(lane.waiting);
    lane.waiting.clear();
    return batch;
  }
}
