package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.core.event.EventType;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import dev.caplab.proto.peer.Envelope;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends protocol messages to peers over the Peer service. Every message and its reply is recorded as a
 * SENT/RECEIVED event pair that carries the Lamport clock, and passes the node's {@link OutboundFilter}
 * (fault rules) first. Messages to a peer travel on one long-lived {@link PeerStream}, reopened after
 * it ends; a unary call per message would pay a new HTTP/2 stream each time. Thread-safe; one lazily
 * created channel per peer, closed by {@link #close}.
 */
public final class GrpcTransport implements Transport, AutoCloseable {

  private final ClusterConfig config;
  private final String selfId;
  private final EventLog events;
  private final MessageCodec codec;
  private final ScheduledExecutorService scheduler;
  private volatile OutboundFilter filter = OutboundFilter.PASS;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private static final long RECONNECT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private final Map<String, PeerStream> streams = new ConcurrentHashMap<>();
  private final AtomicLong callIds = new AtomicLong();

  public GrpcTransport(ClusterConfig config, String selfId, EventLog events, MessageCodec codec,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.selfId = selfId;
    this.events = events;
    this.codec = codec;
    this.scheduler = scheduler;
  }

  /** Installs the fault rules every later message passes through. */
  public void setFilter(OutboundFilter filter) {
    this.filter = filter;
  }

  OutboundFilter filter() {
    return filter;
  }

  @Override
  public CompletableFuture<Message> call(String peer, Message request, Duration timeout) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    long start = System.nanoTime();
    filter.admitRequest(peer, request).whenComplete((verdict, error) -> {
      // Time held in hold mode is a teaching pause, not network latency: it does not count against the timeout.
      long deadline = start + timeout.toNanos() + (verdict == null ? 0 : verdict.heldNanos());
      if (error != null) {
        reply.completeExceptionally(new PeerException(PeerException.Kind.FAILED, peer, error.getMessage()));
      } else if (!verdict.deliver()) {
        events.sent(EventLog.messageEvent(EventType.SENT, request.type(), peer, request.key(), request.txId(),
            request.version(), "dropped", 0));
        // A lost message looks like silence to the sender: only its timeout answers.
        scheduler.schedule(() -> reply.completeExceptionally(new PeerException(PeerException.Kind.DROPPED, peer,
            request.type() + " to " + peer + " was dropped by a fault rule")),
            Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } else {
        send(peer, request, deadline, reply);
      }
    });
    return reply;
  }

  private void send(String peer, Message request, long deadlineNanos, CompletableFuture<Message> reply) {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      reply.completeExceptionally(new PeerException(PeerException.Kind.TIMEOUT, peer,
          peer + " did not answer " + request.type() + " in time (held or delayed past the deadline)"));
      return;
    }
    EventLog.Stamped sent = events.sent(EventLog.messageEvent(EventType.SENT, request.type(), peer, request.key(),
        request.txId(), request.version(), "", 0));
    Envelope envelope = Envelope.newBuilder()
        .setFrom(selfId)
        .setTo(peer)
        .setType(request.type())
        .setPayload(codec.encode(request))
        .setLamport(sent.lamport())
        .setSendSeq(sent.seq())
        .setCallId(callIds.incrementAndGet())
        // Lets a slowed peer drop a request whose caller has given up, as a unary call's deadline did.
        .setDeadlineMicros(Math.max(1, TimeUnit.NANOSECONDS.toMicros(remaining)))
        .build();
    exchange(peer, envelope, remaining).whenComplete((answer, error) -> {
      if (error != null) {
        reply.completeExceptionally(toPeerException(peer, request, error, channel(peer)));
        return;
      }
      try {
        Message message = codec.decode(answer.getType(), answer.getPayload());
        events.received(EventLog.messageEvent(EventType.RECEIVED, answer.getType(), peer, message.key(),
            message.txId(), message.version(), "", answer.getSendSeq()), answer.getLamport());
        reply.complete(message);
      } catch (RuntimeException e) {
        reply.completeExceptionally(new PeerException(PeerException.Kind.FAILED, peer,
            "bad reply from " + peer + ": " + e.getMessage()));
      }
    });
  }

  private CompletableFuture<Envelope> exchange(String peer, Envelope envelope, long timeoutNanos) {
    ManagedChannel channel = channel(peer);
    if (channel.getState(true) != ConnectivityState.TRANSIENT_FAILURE) {
      return exchangeNow(peer, envelope, timeoutNanos);
    }
    // The last connection attempt failed (the peer was down, or still starting) and gRPC would fail this
    // message on that old result: connect again now, and let the message wait for that attempt instead.
    long start = System.nanoTime();
    CompletableFuture<Void> reconnecting = new CompletableFuture<>();
    channel.notifyWhenStateChanged(ConnectivityState.TRANSIENT_FAILURE, () -> reconnecting.complete(null));
    channel.resetConnectBackoff();
    return reconnecting
        .completeOnTimeout(null, Math.min(timeoutNanos, RECONNECT_WAIT_NANOS), TimeUnit.NANOSECONDS)
        .thenCompose(v -> exchangeNow(peer, envelope, Math.max(1, timeoutNanos - (System.nanoTime() - start))));
  }

  private CompletableFuture<Envelope> exchangeNow(String peer, Envelope envelope, long timeoutNanos) {
    while (true) {
      PeerStream stream = streams.computeIfAbsent(peer,
          id -> new PeerStream(channel(id), scheduler, ended -> streams.remove(id, ended)));
      CompletableFuture<Envelope> answer = stream.send(envelope, timeoutNanos);
      if (answer != null) {
        return answer;
      }
      streams.remove(peer, stream); // it ended after the lookup; a fresh stream never refuses
    }
  }

  private static PeerException toPeerException(String peer, Message request, Throwable error, ManagedChannel channel) {
    Status status = Status.fromThrowable(error);
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED -> new PeerException(PeerException.Kind.TIMEOUT, peer,
          peer + " did not answer " + request.type() + " in time");
      case UNAVAILABLE -> {
        // Without this, a restarted peer stays unreachable until gRPC's reconnect back-off expires.
        channel.resetConnectBackoff();
        yield new PeerException(PeerException.Kind.UNREACHABLE, peer, peer + " is unreachable");
      }
      default -> new PeerException(PeerException.Kind.FAILED, peer,
          peer + " failed " + request.type() + ": " + status.getCode() + " " + status.getDescription());
    };
  }

  private ManagedChannel channel(String peer) {
    return channels.computeIfAbsent(peer, id -> {
      NodeConfig node = config.node(id);
      return NettyChannelBuilder.forAddress(node.ip(), node.port())
          .usePlaintext()
          .directExecutor() // replies continue the protocol without blocking: no hand-off to a pool
          .maxInboundMessageSize(config.maxValueBytes() + config.maxKeyBytes() + 64 * 1024)
          .build();
    });
  }

  @Override
  public void close() {
    for (PeerStream stream : streams.values()) {
      stream.cancel();
    }
    for (ManagedChannel channel : channels.values()) {
      channel.shutdown();
    }
    for (ManagedChannel channel : channels.values()) {
      try {
        if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
