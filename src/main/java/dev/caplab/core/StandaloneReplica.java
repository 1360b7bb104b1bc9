package dev.caplab.core;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single node without replication: puts and gets go straight to the node's durable store. The
 * baseline the replicated protocols are measured against. Thread-safe.
 */
public final class StandaloneReplica implements Replica {

  private final String selfId;
  private final DurableStore store;
  private final EventSink events;
  // Handed out before a write is durable, so concurrent puts never reuse a counter.
  private final AtomicLong counter;
  private volatile String status = "recovering";

  public StandaloneReplica(String selfId, DurableStore store, EventSink events) {
    this.selfId = selfId;
    this.store = store;
    this.events = events;
    this.counter = new AtomicLong(store.maxCounter());
  }

  @Override
  public CompletableFuture<Void> start() {
    status = "serving";
    events.emit(ProtocolEvent.nodeStatus("serving", store.size() + " keys recovered"));
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> put(String key, String value) {
    Version version = new Version(counter.incrementAndGet(), selfId);
    // false means a concurrent put with a newer version won: this one is ordered before it, still a success.
    return store.put(key, value, version).thenApply(applied -> null);
  }

  @Override
  public CompletableFuture<Optional<String>> get(String key) {
    return CompletableFuture.completedFuture(store.get(key).map(Versioned::value));
  }

  @Override
  public CompletableFuture<Message> handle(String from, Message request) {
    return CompletableFuture.failedFuture(new KvException(KvException.Reason.FAILED_PRECONDITION,
        selfId + " runs standalone and takes no peer messages (got " + request.type() + " from " + from + ")"));
  }

  @Override
  public String status() {
    return status;
  }

  @Override
  public void close() {
    status = "stopped";
  }
}
