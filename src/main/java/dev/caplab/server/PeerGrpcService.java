package dev.caplab.server;

import dev.caplab.core.Failures;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventType;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.MessageHandler;
import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.EnvelopeBatch;
import dev.caplab.proto.peer.PeerGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Adapter from the Peer service to the node's protocol handler. Records the arrival (advancing the
 * Lamport clock) and the reply, and passes replies through the same fault rules as requests, so a
 * one-way partition also swallows answers. Called on gRPC threads; never blocks.
 */
final class PeerGrpcService extends PeerGrpc.PeerImplBase {

  private final String selfId;
  private final EventLog events;
  private final MessageCodec codec;
  private final MessageHandler handler;
  private final GrpcTransport transport;
  private final SlowDown slowDown;
  private final ScheduledExecutorService scheduler;
  private final Set<Replies<?>> open = ConcurrentHashMap.newKeySet();

  PeerGrpcService(
      String selfId,
      EventLog events,
      MessageCodec codec,
      MessageHandler handler,
      GrpcTransport transport,
      SlowDown slowDown,
      ScheduledExecutorService scheduler) {
    this.selfId = selfId;
    this.events = events;
    this.codec = codec;
    this.handler = handler;
    this.transport = transport;
    this.slowDown = slowDown;
    this.scheduler = scheduler;
    // Delaying a peer stream would delay only its opening: each message on it is delayed here
    // instead.
    slowDown.exemptMethod(PeerGrpc.getStreamMethod().getFullMethodName());
    slowDown.exemptMethod(PeerGrpc.getBatchesMethod().getFullMethodName());
  }

  @Override
  public void call(Envelope request, StreamObserver<Envelope> responses) {
    handle(request)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                responses.onError(toStatus(error).asRuntimeException());
              } else if (reply.isPresent()) {
                responses.onNext(reply.get());
                responses.onCompleted();
              }
              // a dropped reply is never sent: the caller's deadline answers it, as on a real lossy
              // link
            });
  }

  @Override
  public StreamObserver<Envelope> stream(StreamObserver<Envelope> responses) {
    Replies<Envelope> replies =
        new Replies<>((ServerCallStreamObserver<Envelope>) responses, self -> self::write);
    return serve(replies, request -> arrive(request, replies));
  }

  /**
   * A stream whose frames carry batches: the requests of one batch are served one by one, and the
   * replies that are ready at the same moment go back in one batch.
   */
  @Override
  public StreamObserver<EnvelopeBatch> batches(StreamObserver<EnvelopeBatch> responses) {
    Replies<EnvelopeBatch> replies =
        new Replies<>(
            (ServerCallStreamObserver<EnvelopeBatch>) responses,
            self -> new Outbox(transport.flusher(), self::write, transport.maxBatchBytes())::add);
    return serve(replies, requests -> requests.getEnvelopesList().forEach(r -> arrive(r, replies)));
  }

  /** The request side of a peer stream: each frame to arrive, and its end closes replies. */
  private <T> StreamObserver<T> serve(Replies<?> replies, Consumer<T> arrive) {
    open.add(replies);
    return new StreamObserver<>() {
      @Override
      public void onNext(T requests) {
        arrive.accept(requests);
      }

      @Override
      public void onError(Throwable error) {
        open.remove(replies);
        replies.stop();
      }

      @Override
      public void onCompleted() {
        open.remove(replies);
        replies.complete();
      }
    };
  }

  /**
   * Ends every incoming stream, so a stopping server need not wait for peers that never hang up.
   */
  void close() {
    for (Replies<?> replies : open) {
      replies.complete();
    }
    open.clear();
  }

  /**
   * The slowDown interceptor would delay only a stream's start, so each request on a stream waits
   * here, on the scheduler; one whose caller gave up meanwhile is dropped unhandled, like a
   * cancelled call.
   */
  private void arrive(Envelope request, Replies<?> replies) {
    int delay = slowDown.seconds();
    if (delay == 0) {
      serve(request, replies);
      return;
    }
    long arrived = System.nanoTime();
    try {
      scheduler.schedule(
          () -> {
            long budget = TimeUnit.MICROSECONDS.toNanos(request.getDeadlineMicros());
            if (budget == 0 || System.nanoTime() - arrived < budget) {
              serve(request, replies);
            }
          },
          delay,
          TimeUnit.SECONDS);
    } catch (RejectedExecutionException e) {
      // the node is stopping: the request is lost, as with any message to a dying node
    }
  }

  private void serve(Envelope request, Replies<?> replies) {
    handle(request)
        .whenComplete(
            (reply, error) -> {
              if (error != null) {
                Status status = toStatus(error);
                replies.send(
                    Envelope.newBuilder()
                        .setFrom(selfId)
                        .setTo(request.getFrom())
                        .setCallId(request.getCallId())
                        .setErrorCode(status.getCode().value())
                        .setErrorMessage(String.valueOf(status.getDescription()))
                        .build());
              } else {
                reply.ifPresent(replies::send);
              }
            });
  }

  /** Handles one request; completes with its reply, or empty when a fault rule drops the reply. */
  private CompletableFuture<Optional<Envelope>> handle(Envelope request) {
    if (!request.getTo().equals(selfId)) {
      return CompletableFuture.failedFuture(
          Status.FAILED_PRECONDITION
              .withDescription(
                  "message for "
                      + request.getTo()
                      + " reached "
                      + selfId
                      + ": check that all nodes use one config")
              .asRuntimeException());
    }
    Message message;
    try {
      message = codec.decode(request.getType(), request.getPayload());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          Status.INVALID_ARGUMENT
              .withDescription("cannot decode " + request.getType() + ": " + e.getMessage())
              .asRuntimeException());
    }
    String from = request.getFrom();
    events.received(
        EventLog.messageEvent(
            EventType.RECEIVED,
            request.getType(),
            from,
            message.key(),
            message.txId(),
            message.version(),
            "",
            request.getSendSeq()),
        request.getLamport());
    CompletableFuture<Message> handled;
    try {
      handled = handler.handle(from, message);
    } catch (RuntimeException e) {
      handled =
          CompletableFuture.failedFuture(
              e); // on a stream, a throw would end every other call on it
    }
    return handled.thenCompose(reply -> answer(from, reply, request.getCallId()));
  }

  private CompletableFuture<Optional<Envelope>> answer(String to, Message reply, long callId) {
    return transport
        .filter()
        .admitReply(to, reply)
        .handle(
            (deliver, error) -> {
              if (error != null || !deliver) {
                events.sent(
                    EventLog.messageEvent(
                        EventType.SENT,
                        reply.type(),
                        to,
                        reply.key(),
                        reply.txId(),
                        reply.version(),
                        "dropped",
                        0));
                return Optional.empty();
              }
              EventLog.Stamped sent =
                  events.sent(
                      EventLog.messageEvent(
                          EventType.SENT,
                          reply.type(),
                          to,
                          reply.key(),
                          reply.txId(),
                          reply.version(),
                          "",
                          0));
              return Optional.of(
                  Envelope.newBuilder()
                      .setFrom(selfId)
                      .setTo(to)
                      .setType(reply.type())
                      .setPayload(codec.encode(reply))
                      .setLamport(sent.lamport())
                      .setSendSeq(sent.seq())
                      .setCallId(callId)
                      .build());
            });
  }

  private static Status toStatus(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof StatusRuntimeException status) {
      return status.getStatus();
    }
    if (cause instanceof KvException kv) {
      Status status =
          switch (kv.reason()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case ABORTED -> Status.ABORTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
          };
      return status.withDescription(kv.getMessage());
    }
    return Status.INTERNAL.withDescription(String.valueOf(cause));
  }

  /**
   * The reply side of one incoming stream. Replies complete on any thread and a StreamObserver is
   * not thread-safe, so writes are serialized; once the caller hangs up nothing more is sent. A
   * batched stream's replies pass through an {@link Outbox}, whose writes reach the observer on its
   * flusher; this lock keeps them apart from the stream's end.
   */
  private static final class Replies<T> {

    private final ServerCallStreamObserver<T> out;
    private final Consumer<Envelope> sender;
    private boolean done; // guarded by this

    /**
     * @param sender given these replies, what sends one envelope: writes it at once, or queues it
     *     in an outbox whose batches come back through {@link #write}
     */
    Replies(ServerCallStreamObserver<T> out, Function<Replies<T>, Consumer<Envelope>> sender) {
      this.out = out;
      this.sender = sender.apply(this);
      out.setOnCancelHandler(this::stop);
    }

    void send(Envelope reply) {
      sender.accept(reply);
    }

    synchronized void write(T message) {
      if (!done) {
        out.onNext(message);
      }
    }

    synchronized void complete() {
      if (!done) {
        done = true;
        out.onCompleted();
      }
    }

    synchronized void stop() {
      done = true;
    }
  }
}
