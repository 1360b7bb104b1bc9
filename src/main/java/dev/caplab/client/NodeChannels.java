package dev.caplab.client;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One channel per node of a config, each sending token (when not empty; admin and supervisor calls
 * need the config's admin_token off loopback), and unary calls over them as futures: the clients of
 * the admin, supervisor and store services share it. Thread-safe once built.
 */
final class NodeChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private final Map<String, Channel> authorized = new LinkedHashMap<>();

  NodeChannels(ClusterConfig config, String token, Function<NodeConfig, ManagedChannel> open) {
    Metadata headers = new Metadata();
    if (!token.isEmpty()) {
      headers.put(
          Metadata.Key.of(AdminClient.TOKEN_HEADER, Metadata.ASCII_STRING_MARSHALLER), token);
    }
    for (NodeConfig node : config.nodes()) {
      ManagedChannel channel = open.apply(node);
      channels.put(node.id(), channel);
      authorized.put(
          node.id(),
          ClientInterceptors.intercept(
              channel, MetadataUtils.newAttachHeadersInterceptor(headers)));
    }
  }

  /** The channel to node without the token, for services on the same connection. */
  ManagedChannel channel(String node) {
    ManagedChannel channel = channels.get(node);
    if (channel == null) {
      throw new NoSuchElementException("no node '" + node + "'; known ids: " + channels.keySet());
    }
    return channel;
  }

  /**
   * Starts a unary call on node's token-carrying channel; the future completes with the converted
   * answer or fails with the call's error (NoSuchElementException for an unknown node).
   */
  <R, T> CompletableFuture<T> call(
      String node, BiConsumer<Channel, StreamObserver<R>> start, Function<R, T> convert) {
    ManagedChannel channel;
    try {
      channel = channel(node);
    } catch (NoSuchElementException e) {
      return CompletableFuture.failedFuture(e);
    }
    Channel withToken = authorized.get(node);
    return unary(channel, observer -> start.accept(withToken, observer), convert);
  }

  /**
   * A unary call on channel as a future. If the last connection attempt failed (the node was down),
   * gRPC would fail the call on that old result until an attempt succeeds, though the node may be
   * back (a Recover, a restart) and only have to finish the handshake: idle, the channel makes a
   * fresh attempt for this call and waits for it. (server.GrpcTransport does the same for peer
   * channels; the server package uses no client code, so the three lines stand in both.)
   */
  private static <R, T> CompletableFuture<T> unary(
      ManagedChannel channel, Consumer<StreamObserver<R>> start, Function<R, T> convert) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.enterIdle();
    }
    return send(start, convert);
  }

  /**
   * Starts the call. No reconnect back-off reset on UNAVAILABLE: that began a new attempt at once,
   * which, begun while the node was still down, could fail the next call after it was back; the
   * next call makes its own attempt instead (unary, above).
   */
  private static <R, T> CompletableFuture<T> send(
      Consumer<StreamObserver<R>> start, Function<R, T> convert) {
    CompletableFuture<T> result = new CompletableFuture<>();
    StreamObserver<R> observer =
        new StreamObserver<>() {
          @Override
          public void onNext(R response) {
            result.complete(convert.apply(response));
          }

          @Override
          public void onError(Throwable error) {
            result.completeExceptionally(error);
          }

          @Override
          public void onCompleted() {
            // onNext completed the unary call.
          }
        };
    // A call that starts while another thread sends the channel idle (unary, above) can meet it
    // between two states: gRPC throws IllegalStateException ("Resolution is pending") before the
    // call leaves or calls the observer. Started again, it waits for the channel as any call does.
    for (int attempt = 1; ; attempt++) {
      try {
        start.accept(observer);
        return result;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    Channels.close(channels.values());
  }
}
