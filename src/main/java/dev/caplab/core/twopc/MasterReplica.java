package dev.caplab.core.twopc;

import dev.caplab.core.Inspectable;
import dev.caplab.core.KvException;
import dev.caplab.core.Replica;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Versioned;
import dev.caplab.core.twopc.TwoPcMessages.CatchUp;
import dev.caplab.core.twopc.TwoPcMessages.ForwardGet;
import dev.caplab.core.twopc.TwoPcMessages.ForwardPut;
import dev.caplab.core.twopc.TwoPcMessages.GetResult;
import dev.caplab.core.twopc.TwoPcMessages.Join;
import dev.caplab.core.twopc.TwoPcMessages.LeaseRequest;
import dev.caplab.core.twopc.TwoPcMessages.PutResult;
import dev.caplab.core.twopc.TwoPcMessages.TxStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The master node: coordinates every put and serves reads from its own store, which holds every
 * committed write. Called from gRPC threads; thread-safe.
 */
final class MasterReplica implements Replica, Inspectable {

  private final DurableStore store;
  private final CoordinatorLog log;
  private final Coordinator coordinator;
  private final CatchUpSource catchUp;
  private final EventSink events;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile String status = "recovering";

  MasterReplica(
      DurableStore store,
      CoordinatorLog log,
      Coordinator coordinator,
      CatchUpSource catchUp,
      EventSink events) {
    this.store = store;
    this.log = log;
    this.coordinator = coordinator;
    this.catchUp = catchUp;
    this.events = events;
  }

  @Override
  public CompletableFuture<Void> start() {
    events.emit(ProtocolEvent.nodeStatus(status, "finishing logged transactions"));
    coordinator
        .recover()
        .whenComplete(
            (v, error) -> {
              if (error != null) {
                ready.completeExceptionally(error);
                return;
              }
              status = "serving";
              events.emit(ProtocolEvent.nodeStatus(status, "coordinating"));
              ready.complete(null);
            });
    return ready;
  }

  @Override
  public CompletableFuture<Void> put(String key, String value) {
    return ready.thenCompose(v -> coordinator.put(key, value));
  }

  /**
   * The master's copy is the reference: a write is in its store, or (parallel commits) in its
   * memory on the way to the store, before any client hears of it.
   */
  @Override
  public CompletableFuture<Optional<String>> get(String key) {
    return CompletableFuture.completedFuture(coordinator.read(key).map(Versioned::value));
  }

  @Override
  public CompletableFuture<Message> handle(String from, Message request) {
    if (request instanceof TxStatus q) {
      return CompletableFuture.completedFuture(coordinator.status(q));
    } else if (request instanceof LeaseRequest l) {
      return CompletableFuture.completedFuture(catchUp.lease(from, l));
    } else if (request instanceof Join j) {
      return catchUp.join(from, j).thenApply(Message.class::cast);
    } else if (request instanceof CatchUp c) {
      return catchUp.page(from, c).thenApply(Message.class::cast);
    } else if (request instanceof ForwardGet g) {
      return get(g.key()).thenApply(v -> new GetResult(g.key(), v.isPresent(), v.orElse("")));
    } else if (request instanceof ForwardPut p) {
      return put(p.key(), p.value())
          .handle(
              (v, error) ->
                  error == null
                      ? new PutResult(p.key(), true, "", "")
                      : failedPut(p.key(), Coordinator.unwrap(error)));
    }
    return CompletableFuture.failedFuture(
        new KvException(
            KvException.Reason.FAILED_PRECONDITION,
            "the master does not handle " + request.type() + " from " + from));
  }

  @Override
  public List<TxView> transactions() {
    return coordinator.transactions();
  }

  @Override
  public String status() {
    return status;
  }

  @Override
  public void close() {
    status = "stopped";
    coordinator.close();
    log.close();
  }

  private static PutResult failedPut(String key, Throwable error) {
    KvException.Reason reason =
        error instanceof KvException kv ? kv.reason() : KvException.Reason.UNAVAILABLE;
    return new PutResult(key, false, reason.name(), String.valueOf(error.getMessage()));
  }
}
