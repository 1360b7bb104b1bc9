package dev.caplab.server;

import dev.caplab.core.Failures;
import dev.caplab.core.KvException;
import dev.caplab.core.KvService;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.PeerException;
import dev.caplab.proto.store.GetRequest;
import dev.caplab.proto.store.GetResponse;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import dev.caplab.proto.store.PutRequest;
import dev.caplab.proto.store.PutResponse;
import dev.caplab.proto.store.RestoreRequest;
import dev.caplab.proto.store.RestoreResponse;
import dev.caplab.proto.store.SlowDownRequest;
import dev.caplab.proto.store.SlowDownResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * The seed's KeyValueStore service: validates the request, hands it to the node's {@link KvService}
 * and maps the outcome to the seed's responses. A put the protocol voted down (2PC abort) answers
 * success=false, as the seed's clients expect; every other failure is a gRPC status with a
 * description.
 */
final class StoreGrpcService extends KeyValueStoreGrpc.KeyValueStoreImplBase {

  private final KvService kv;
  private final SlowDown slowDown;
  private final EventSink events;
  private final int maxKeyBytes;
  private final int maxValueBytes;

  StoreGrpcService(
      KvService kv, SlowDown slowDown, EventSink events, int maxKeyBytes, int maxValueBytes) {
    this.kv = kv;
    this.slowDown = slowDown;
    this.events = events;
    this.maxKeyBytes = maxKeyBytes;
    this.maxValueBytes = maxValueBytes;
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> responses) {
    String key = request.getKey();
    Status invalid = checkKey(key);
    if (invalid == null && utf8Length(request.getValue()) > maxValueBytes) {
      invalid =
          Status.INVALID_ARGUMENT.withDescription(
              "value is "
                  + utf8Length(request.getValue())
                  + " bytes in UTF-8; the limit is "
                  + maxValueBytes
                  + " (max_value_bytes in the config)");
    }
    if (invalid != null) {
      responses.onError(invalid.asRuntimeException());
      return;
    }
    long start = System.nanoTime();
    events.emit(ProtocolEvent.clientRequest("put", key));
    kv.put(key, request.getValue())
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                reply(
                    responses,
                    PutResponse.newBuilder().setSuccess(true).build(),
                    "put",
                    key,
                    "ok",
                    start);
                return;
              }
              Status status = toStatus(error);
              if (status.getCode() == Status.Code.ABORTED) {
                reply(
                    responses,
                    PutResponse.newBuilder().setSuccess(false).build(),
                    "put",
                    key,
                    "aborted: " + status.getDescription(),
                    start);
              } else {
                fail(responses, status, "put", key, start);
              }
            });
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> responses) {
    String key = request.getKey();
    Status invalid = checkKey(key);
    if (invalid != null) {
      responses.onError(invalid.asRuntimeException());
      return;
    }
    long start = System.nanoTime();
    events.emit(ProtocolEvent.clientRequest("get", key));
    kv.get(key)
        .whenComplete(
            (value, error) -> {
              if (error != null) {
                fail(responses, toStatus(error), "get", key, start);
              } else if (value.isPresent()) {
                reply(
                    responses,
                    GetResponse.newBuilder().setValue(value.get()).setFound(true).build(),
                    "get",
                    key,
                    "ok",
                    start);
              } else {
                reply(
                    responses,
                    GetResponse.newBuilder().setFound(false).build(),
                    "get",
                    key,
                    "not-found",
                    start);
              }
            });
  }

  @Override
  public void slowDown(SlowDownRequest request, StreamObserver<SlowDownResponse> responses) {
    if (request.getSeconds() < 0) {
      responses.onError(
          Status.INVALID_ARGUMENT
              .withDescription(
                  "seconds is " + request.getSeconds() + "; use 0 or more (0 = restore)")
              .asRuntimeException());
      return;
    }
    slowDown.slowDown(request.getSeconds());
    responses.onNext(SlowDownResponse.newBuilder().setSuccess(true).build());
    responses.onCompleted();
  }

  @Override
  public void restore(RestoreRequest request, StreamObserver<RestoreResponse> responses) {
    slowDown.restore();
    responses.onNext(RestoreResponse.newBuilder().setSuccess(true).build());
    responses.onCompleted();
  }

  private Status checkKey(String key) {
    if (key.isEmpty()) {
      return Status.INVALID_ARGUMENT.withDescription("key is empty; use a non-empty key");
    }
    int bytes = utf8Length(key);
    if (bytes > maxKeyBytes) {
      return Status.INVALID_ARGUMENT.withDescription(
          "key is "
              + bytes
              + " bytes in UTF-8; the limit is "
              + maxKeyBytes
              + " (max_key_bytes in the config)");
    }
    return null;
  }

  private <T> void reply(
      StreamObserver<T> responses,
      T response,
      String op,
      String key,
      String outcome,
      long startNanos) {
    events.emit(ProtocolEvent.clientReply(op, key, outcome, micros(startNanos)));
    try {
      responses.onNext(response);
      responses.onCompleted();
    } catch (StatusRuntimeException | IllegalStateException e) {
      // The caller cancelled or its deadline passed: nobody is left to answer.
    }
  }

  private void fail(
      StreamObserver<?> responses, Status status, String op, String key, long startNanos) {
    events.emit(
        ProtocolEvent.clientReply(
            op, key, status.getCode() + ": " + status.getDescription(), micros(startNanos)));
    try {
      responses.onError(status.asRuntimeException());
    } catch (StatusRuntimeException | IllegalStateException e) {
      // As in reply(): the call is already over.
    }
  }

  /**
   * KvException reasons map one to one onto gRPC codes; a peer failure that escaped the protocol
   * too.
   */
  static Status toStatus(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof KvException kv) {
      Status status =
          switch (kv.reason()) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case ABORTED -> Status.ABORTED;
          };
      return status.withDescription(kv.getMessage());
    }
    if (cause instanceof PeerException peer) {
      Status status =
          peer.kind() == PeerException.Kind.TIMEOUT ? Status.DEADLINE_EXCEEDED : Status.UNAVAILABLE;
      return status.withDescription(peer.getMessage());
    }
    return Status.INTERNAL.withDescription(String.valueOf(cause)).withCause(cause);
  }

  private static long micros(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000;
  }

  /** UTF-8 length without copying a value of up to a MiB. */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
