package dev.caplab.core.twopc;

import dev.caplab.core.net.Transport;
import dev.caplab.core.twopc.TwoPcMessages.Commit;
import dev.caplab.core.twopc.TwoPcMessages.TxRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends commit decisions to slaves, at most one commit message per slave on the way at a time:
 * decisions that become ready meanwhile leave together when it returns. One put at a time costs one
 * message per commit as usual; many at once share messages (and the slave's fsync). Thread-safe.
 */
final class CommitSender {

  private record Pending(TxRef tx, CompletableFuture<Boolean> acked) {}

  private static final class Lane {
    final List<Pending> waiting = new ArrayList<>(); // guarded by this
    boolean sending; // guarded by this
  }

  private final Transport transport;
  private final Duration timeout;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

  CommitSender(Transport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
  }

  /** Completes with whether the slave acknowledged the commit (false: it will ask instead). */
  CompletableFuture<Boolean> send(String slave, long seq, String key) {
    Lane lane = lanes.computeIfAbsent(slave, s -> new Lane());
    Pending pending = new Pending(new TxRef(seq, key), new CompletableFuture<>());
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
    return pending.acked;
  }

  private void transmit(String slave, Lane lane, List<Pending> batch) {
    Commit commit = new Commit(batch.stream().map(Pending::tx).toList());
    transport
        .call(slave, commit, timeout)
        .whenComplete(
            (reply, error) -> {
              batch.forEach(p -> p.acked.complete(error == null));
              List<Pending> next;
              synchronized (lane) {
                next = drain(lane);
                lane.sending = !next.isEmpty();
              }
              if (!next.isEmpty()) {
                transmit(slave, lane, next);
              }
            });
  }

  private static List<Pending> drain(Lane lane) {
    List<Pending> batch = new ArrayList<>(lane.waiting);
    lane.waiting.clear();
    return batch;
  }
}
