package dev.caplab.cli;

import com.google.protobuf.ByteString;
import dev.caplab.client.Channels;
import dev.caplab.proto.etcd.KVGrpc;
import dev.caplab.proto.etcd.PutRequest;
import dev.caplab.proto.etcd.PutResponse;
import dev.caplab.proto.etcd.RangeRequest;
import dev.caplab.proto.etcd.RangeResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An etcd v3 cluster through its KV gRPC service, one plaintext channel per member, set up like
 * StoreClient's (direct executor, one connection each) so that both sides pay the same client
 * costs. Reads are linearizable Ranges, etcd's default. Thread-safe.
 */
final class EtcdTarget implements BenchTarget {

  private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();
  private final Duration deadline;

  EtcdTarget(List<String> endpoints, Duration deadline) {
    this.deadline = deadline;
    for (String endpoint : endpoints) {
      HostPort address = HostPort.parse(endpoint);
      channels.put(
          address.toString(),
          NettyChannelBuilder.forAddress(address.host(), address.port())
              .usePlaintext()
              .directExecutor()
              .build());
    }
  }

  /** host:port, with an optional http:// in front as etcdctl's --endpoints accepts it. */
  record HostPort(String host, int port) {

    static HostPort parse(String endpoint) {
      String text = endpoint.strip();
      if (text.startsWith("http://")) {
        text = text.substring("http://".length());
      }
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("etcd endpoint '" + endpoint + "' is not host:port");
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("etcd endpoint '" + endpoint + "' has no numeric port");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("etcd endpoint '" + endpoint + "': port out of range");
      }
      return new HostPort(text.substring(0, colon), port);
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  @Override
  public List<String> nodes() {
    return new ArrayList<>(channels.keySet());
  }

  @Override
  public String kind() {
    return "etcd";
  }

  @Override
  public CompletableFuture<?> put(String node, String key, String value) {
    PutRequest request =
        PutRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8(key))
            .setValue(ByteString.copyFromUtf8(value))
            .build();
    ManagedChannel channel = channels.get(node);
    if (channel == null) {
      return unknown(node);
    }
    Answer<PutResponse> answer = new Answer<>();
    stub(channel).put(request, answer);
    return answer;
  }

  @Override
  public CompletableFuture<?> get(String node, String key) {
    RangeRequest request = RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build();
    ManagedChannel channel = channels.get(node);
    if (channel == null) {
      return unknown(node);
    }
    Answer<RangeResponse> answer = new Answer<>();
    stub(channel).range(request, answer);
    return answer;
  }

  private CompletableFuture<?> unknown(String node) {
    return CompletableFuture.failedFuture(
        new NoSuchElementException("no etcd endpoint '" + node + "'; known: " + channels.keySet()));
  }

  private KVGrpc.KVStub stub(ManagedChannel channel) {
    return KVGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A unary call's answer as a future; completes on the channel's event loop. */
  private static final class Answer<T> extends CompletableFuture<T> implements StreamObserver<T> {

    @Override
    public void onNext(T response) {
      complete(response);
    }

    @Override
    public void onError(Throwable error) {
      completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
      // onNext already completed a unary call.
    }
  }

  @Override
  public void close() {
    Channels.close(channels.values());
  }
}
