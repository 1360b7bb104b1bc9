package dev.caplab.core.twopc;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.twopc.TwoPcMessages.CatchUp;
import dev.caplab.core.twopc.TwoPcMessages.CatchUpPage;
import dev.caplab.core.twopc.TwoPcMessages.Join;
import dev.caplab.core.twopc.TwoPcMessages.Joined;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A slave's way back into the group: join, then fetch every committed entry it may have missed.
 * Keeps the slave's synced mark: every commit with a sequence number up to it is in the slave's
 * store. Thread-safe.
 */
final class CatchUpClient {

  static final String SYNCED_META = "twopc.synced";

  private final DurableStore store;
  private final Transport transport;
  private final EventSink events;
  private final Duration timeout;
  private long synced;
  private volatile int fetched;

  CatchUpClient(DurableStore store, Transport transport, EventSink events, Duration timeout) {
    this.store = store;
    this.transport = transport;
    this.events = events;
    this.timeout = timeout;
    this.synced = store.getMeta(SYNCED_META).map(Long::parseLong).orElse(0L);
  }

  /**
   * Joins and catches up; completes with the membership epoch, fails when the master does not
   * cooperate.
   */
  CompletableFuture<Long> run() {
    long from = synced();
    return call(new Join(from))
        .thenCompose(
            reply -> {
              Joined joined = (Joined) reply;
              events.emit(
                  ProtocolEvent.nodeStatus(
                      "catching-up",
                      "have everything up to " + from + "; the master is at " + joined.joinSeq()));
              return pages(joined, from, 0);
            });
  }

  /** Entries the last completed catch-up fetched. */
  int lastFetched() {
    return fetched;
  }

  synchronized long synced() {
    return synced;
  }

  /** Raises the synced mark durably (never lowers it). */
  CompletableFuture<Void> advance(long upTo) {
    synchronized (this) {
      if (upTo <= synced) {
        return CompletableFuture.completedFuture(null);
      }
      synced = upTo;
      return store.putMeta(
          SYNCED_META, Long.toString(upTo)); // appended under the monitor: log order = value order
    }
  }

  private CompletableFuture<Long> pages(Joined joined, long after, int applied) {
    return call(new CatchUp(joined.epoch(), after))
        .thenCompose(
            reply -> {
              CatchUpPage page = (CatchUpPage) reply;
              CompletableFuture<?>[] writes =
                  page.entries().stream()
                      .map(
                          e ->
                              store.put(
                                  e.key(),
                                  e.value(),
                                  new Version(e.counter(), CentralizedReplicas.MASTER)))
                      .toArray(CompletableFuture[]::new);
              long last =
                  page.entries().isEmpty()
                      ? after
                      : page.entries().get(page.entries().size() - 1).counter();
              int total = applied + page.entries().size();
              return CompletableFuture.allOf(writes)
                  .thenCompose(
                      v -> {
                        if (!page.complete()) {
                          return pages(joined, last, total);
                        }
                        fetched = total;
                        return advance(joined.joinSeq()).thenApply(x -> joined.epoch());
                      });
            });
  }

  private CompletableFuture<Message> call(Message request) {
    return transport.call(CentralizedReplicas.MASTER, request, timeout);
  }
}
