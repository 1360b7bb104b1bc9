package dev.caplab.server;

import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.EnvelopeBatch;
import dev.caplab.proto.peer.PeerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One long-lived stream of requests to a peer, with the replies coming back matched by call id: a
 * message costs a frame on an open HTTP/2 stream instead of a new call, and the requests sent at
 * the same moment share one frame (an {@link Outbox}; the peer batches its replies the same way).
 * Thread-safe; writes are serialized, replies arrive on the channel's thread. Once the stream ends
 * (peer died, restarted, connection lost) every call still waiting on it fails with the stream's
 * status, and it is never used again: the transport opens a new one (so a restarted peer is reached
 * on the next message).
 */
final class PeerStream implements StreamObserver<EnvelopeBatch> {

  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler;
  private final Consumer<PeerStream> onEnd;
  private final Outbox outbox;
  private final Map<Long, CompletableFuture<Envelope>> pending = new ConcurrentHashMap<>();
  private StreamObserver<EnvelopeBatch> requests; // guarded by this; opened by the first send
  private boolean ended; // guarded by this
  private volatile boolean cancelledHere;

  /**
   * @param flusher where batches are written (the transport's event loop)
   * @param maxBatchBytes how big a batch may grow: the peer's message size limit, less headroom
   */
  PeerStream(
      ManagedChannel channel,
      ScheduledExecutorService scheduler,
      Executor flusher,
      long maxBatchBytes,
      Consumer<PeerStream> onEnd) {
    this.channel = channel;
    this.scheduler = scheduler;
    this.onEnd = onEnd;
    this.outbox = new Outbox(flusher, this::write, maxBatchBytes);
  }

  /**
   * Sends request (its call id set) and returns its reply, failed with a {@link
   * io.grpc.StatusRuntimeException} when the peer answers with an error, the timeout passes or the
   * stream ends. Returns null when the stream has already ended, so the caller retries on a fresh
   * one.
   */
  CompletableFuture<Envelope> send(Envelope request, long timeoutNanos) {
    long id = request.getCallId();
    CompletableFuture<Envelope> reply = new CompletableFuture<>();
    synchronized (this) {
      if (ended) {
        return null;
      }
      // Registered before the write, so a reply or an end of the stream always finds it.
      pending.put(id, reply);
      if (requests == null) {
        // Never inside the caller's Context: the stream outlives the call that happened to open it.
        requests =
            GrpcTransport.outsideCallerContext(() -> PeerGrpc.newStub(channel).batches(this));
      }
    }
    outbox.add(request);
    // orTimeout's timer is cancelled when the reply comes, so answered calls leave no timer behind.
    // A
    // failure continues on the node's scheduler, not on the JVM-wide timer thread that noticed it.
    return reply
        .orTimeout(timeoutNanos, TimeUnit.NANOSECONDS)
        .exceptionallyComposeAsync(
            error -> {
              if (error instanceof TimeoutException) {
                pending.remove(id);
                return CompletableFuture.failedFuture(
                    Status.DEADLINE_EXCEEDED.asRuntimeException());
              }
              return CompletableFuture.failedFuture(error);
            },
            scheduler);
  }

  private synchronized void write(EnvelopeBatch batch) {
    if (!ended) {
      requests.onNext(batch); // an envelope queued before the end fails with its pending call
    }
  }

  /** Ends the stream; calls still waiting fail. */
  void cancel() {
    StreamObserver<EnvelopeBatch> open;
    cancelledHere = true;
    synchronized (this) {
      ended = true;
      open = requests;
    }
    if (open != null) {
      open.onError(Status.CANCELLED.withDescription("transport closed").asRuntimeException());
    }
    end(Status.CANCELLED.withDescription("transport closed"));
  }

  @Override
  public void onNext(EnvelopeBatch replies) {
    for (Envelope reply : replies.getEnvelopesList()) {
      complete(reply);
    }
  }

  private void complete(Envelope reply) {
    CompletableFuture<Envelope> waiting = pending.remove(reply.getCallId());
    if (waiting == null) {
      return; // its caller gave up already, as a unary call past its deadline would
    }
    if (reply.getErrorCode() != Status.Code.OK.value()) {
      waiting.completeExceptionally(
          Status.fromCodeValue(reply.getErrorCode())
              .withDescription(reply.getErrorMessage())
              .asRuntimeException());
    } else {
      waiting.complete(reply);
    }
  }

  @Override
  public void onError(Throwable error) {
    Status status = Status.fromThrowable(error);
    if (status.getCode() == Status.Code.CANCELLED && !cancelledHere) {
      // The peer's side ended it (it stopped or restarted): to the callers waiting, the peer is
      // unreachable,
      // as a unary call to a stopping peer would have said; CANCELLED means this node is shutting
      // down.
      status =
          Status.UNAVAILABLE.withDescription(
              "peer ended the stream (" + status.getDescription() + ")");
    }
    end(status);
  }

  @Override
  public void onCompleted() {
    end(Status.UNAVAILABLE.withDescription("peer closed the stream"));
  }

  private void end(Status status) {
    synchronized (this) {
      ended = true;
    }
    onEnd.accept(this); // forgotten before callers hear of it, so their retries open a new stream
    for (Long id : pending.keySet()) {
      fail(id, status);
    }
  }

  private void fail(long id, Status status) {
    CompletableFuture<Envelope> waiting = pending.remove(id);
    if (waiting != null) {
      waiting.completeExceptionally(status.asRuntimeException());
    }
  }
}
