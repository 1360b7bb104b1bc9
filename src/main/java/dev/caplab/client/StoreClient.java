package dev.caplab.client;

import dev.caplab.config.ClusterConfig;
import dev.caplab.proto.store.GetRequest;
import dev.caplab.proto.store.GetResponse;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import dev.caplab.proto.store.PutRequest;
import dev.caplab.proto.store.PutResponse;
import dev.caplab.proto.store.RestoreRequest;
import dev.caplab.proto.store.RestoreResponse;
import dev.caplab.proto.store.SlowDownRequest;
import dev.caplab.proto.store.SlowDownResponse;
import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The seed's KeyValueStore API for every node of a cluster, one channel per node. Thread-safe.
 * Futures complete on the channel's event loop (no hand-off to a pool), so continuations must not
 * block; a failed call fails its future with the {@link io.grpc.StatusRuntimeException} the node
 * answered (status code and description), or DEADLINE_EXCEEDED after the deadline.
 */
public final class StoreClient implements AutoCloseable {

  /** Long enough for a 2PC round over slowed nodes to fail cleanly on the node's side first. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private final NodeChannels channels;
  private final Duration deadline;

  public StoreClient(ClusterConfig config) {
    this(config, DEFAULT_DEADLINE);
  }

  public StoreClient(ClusterConfig config, Duration deadline) {
    this.deadline = deadline;
    int maxMessage = config.maxMessageBytes();
    channels =
        new NodeChannels(
            config,
            "",
            node ->
                NettyChannelBuilder.forAddress(node.ip(), node.port())
                    .usePlaintext()
                    .directExecutor()
                    .maxInboundMessageSize(maxMessage)
                    .build());
  }

  /**
   * Completes with the node's answer: true when the write was committed, false when it was voted
   * down.
   */
  public CompletableFuture<Boolean> put(String nodeId, String key, String value) {
    PutRequest request = PutRequest.newBuilder().setKey(key).setValue(value).build();
    return call(nodeId, (stub, observer) -> stub.put(request, observer), PutResponse::getSuccess);
  }

  /** Completes with the value, or empty when the key was never written. */
  public CompletableFuture<Optional<String>> get(String nodeId, String key) {
    GetRequest request = GetRequest.newBuilder().setKey(key).build();
    return call(
        nodeId,
        (stub, observer) -> stub.get(request, observer),
        (GetResponse r) -> r.getFound() ? Optional.of(r.getValue()) : Optional.empty());
  }

  /** The node delays every request it handles by seconds until {@link #restore}. */
  public CompletableFuture<Boolean> slowDown(String nodeId, int seconds) {
    SlowDownRequest request = SlowDownRequest.newBuilder().setSeconds(seconds).build();
    return call(
        nodeId, (stub, observer) -> stub.slowDown(request, observer), SlowDownResponse::getSuccess);
  }

  public CompletableFuture<Boolean> restore(String nodeId) {
    return call(
        nodeId,
        (stub, observer) -> stub.restore(RestoreRequest.getDefaultInstance(), observer),
        RestoreResponse::getSuccess);
  }

  /**
   * The node's standard gRPC health: true when it serves, false while it recovers; fails
   * (UNAVAILABLE) when nothing listens at its address. For nodes this client did not start, whose
   * process nobody here watches.
   */
  public CompletableFuture<Boolean> serving(String nodeId, Duration timeout) {
    return channels.call(
        nodeId,
        (channel, observer) ->
            HealthGrpc.newStub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .check(HealthCheckRequest.getDefaultInstance(), observer),
        (HealthCheckResponse r) -> r.getStatus() == HealthCheckResponse.ServingStatus.SERVING);
  }

  /**
   * The channel to a node, for other services on the same connection (observation, admin, health).
   */
  public Channel channel(String nodeId) {
    return channels.channel(nodeId);
  }

  private <R, T> CompletableFuture<T> call(String nodeId, Call<R> call, Function<R, T> convert) {
    return channels.call(
        nodeId,
        (channel, observer) ->
            call.start(
                KeyValueStoreGrpc.newStub(channel)
                    .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS),
                observer),
        convert);
  }

  @FunctionalInterface
  private interface Call<R> {
    void start(KeyValueStoreGrpc.KeyValueStoreStub stub, StreamObserver<R> observer);
  }

  @Override
  public void close() {
    channels.close();
  }
}
