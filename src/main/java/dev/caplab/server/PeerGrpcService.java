package dev.caplab.server;

import dev.caplab.core.Failures;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventType;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.MessageHandler;
import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.PeerGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * Adapter from the Peer service to the node's protocol handler. Records the arrival (advancing the
 * Lamport clock) and the reply, and passes replies through the same fault rules as requests, so a
 * one-way partition also swallows answers.
 */
final class PeerGrpcService extends PeerGrpc.PeerImplBase {

  private final String selfId;
  private final EventLog events;
  private final MessageCodec codec;
  private final MessageHandler handler;
  private final GrpcTransport transport;

  PeerGrpcService(String selfId, EventLog events, MessageCodec codec, MessageHandler handler, GrpcTransport transport) {
    this.selfId = selfId;
    this.events = events;
    this.codec = codec;
    this.handler = handler;
    this.transport = transport;
  }

  @Override
  public void call(Envelope request, StreamObserver<Envelope> responses) {
    if (!request.getTo().equals(selfId)) {
      responses.onError(Status.FAILED_PRECONDITION
          .withDescription("message for " + request.getTo() + " reached " + selfId + ": check that all nodes use one config")
          .asRuntimeException());
      return;
    }
    Message message;
    try {
      message = codec.decode(request.getType(), request.getPayload());
    } catch (RuntimeException e) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("cannot decode " + request.getType() + ": "
          + e.getMessage()).asRuntimeException());
      return;
    }
    String from = request.getFrom();
    events.received(EventLog.messageEvent(EventType.RECEIVED, request.getType(), from, message.key(),
        message.txId(), message.version(), "", request.getSendSeq()), request.getLamport());
    handler.handle(from, message).whenComplete((reply, error) -> {
      if (error != null) {
        responses.onError(toStatus(error).asRuntimeException());
      } else {
        answer(from, reply, responses);
      }
    });
  }

  private void answer(String to, Message reply, StreamObserver<Envelope> responses) {
    transport.filter().admitReply(to, reply).whenComplete((deliver, error) -> {
      if (error != null || !deliver) {
        events.sent(EventLog.messageEvent(EventType.SENT, reply.type(), to, reply.key(), reply.txId(),
            reply.version(), "dropped", 0));
        return; // the caller's deadline answers it, as on a real lossy link
      }
      EventLog.Stamped sent = events.sent(EventLog.messageEvent(EventType.SENT, reply.type(), to, reply.key(),
          reply.txId(), reply.version(), "", 0));
      responses.onNext(Envelope.newBuilder()
          .setFrom(selfId)
          .setTo(to)
          .setType(reply.type())
          .setPayload(codec.encode(reply))
          .setLamport(sent.lamport())
          .setSendSeq(sent.seq())
          .build());
      responses.onCompleted();
    });
  }

  private static Status toStatus(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof KvException kv) {
      Status status = switch (kv.reason()) {
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
}
