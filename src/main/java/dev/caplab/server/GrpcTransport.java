package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.LoopForce;
import dev.caplab.proto.peer.Envelope;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.SingleThreadEventLoop;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sends protocol messages to peers over the Peer service. Every message and its reply is recorded
 * as a SENT/RECEIVED event pair that carries the Lamport clock, and passes the node's {@link
 * OutboundFilter} (fault rules) first. Messages to a peer travel on one long-lived {@link
 * PeerStream}, reopened after it ends; a unary call per message would pay a new HTTP/2 stream
 * (headers, a call object) each time, and the messages to one peer that are on their way at the
 * same moment travel as one batch. All peer channels share one event loop thread, which also writes
 * the batches: a reply read there that triggers more messages (votes, then writes) queues them, and
 * they leave together once the loop has read everything it was given. Thread-safe; one lazily
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

  /**
   * A fixed HTTP/2 window (gRPC's default size) on both the server and the peer channels. Setting
   * it turns off gRPC's window auto-tuning, which answers a burst of incoming data with a PING to
   * measure the link: one more frame and write each way per batch, for a window that on a lab's
   * links never needs to grow.
   */
  static final int FLOW_CONTROL_WINDOW = NettyServerBuilder.DEFAULT_FLOW_CONTROL_WINDOW;

  private final Map<String, PeerStream> streams = new ConcurrentHashMap<>();
  private final AtomicLong callIds = new AtomicLong();
  private final EventLoopGroup peerLoop;
  private final Class<? extends Channel> channelType;
  private final Class<? extends ServerChannel> serverChannelType;

  public GrpcTransport(
      ClusterConfig config,
      String selfId,
      EventLog events,
      MessageCodec codec,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.selfId = selfId;
    this.events = events;
    this.codec = codec;
    this.scheduler = scheduler;
    DefaultThreadFactory threads = new DefaultThreadFactory(selfId + "-io", true);
    if (Epoll.isAvailable()) {
      this.peerLoop = new EpollEventLoopGroup(1, threads);
      this.channelType = EpollSocketChannel.class;
      this.serverChannelType = EpollServerSocketChannel.class;
    } else {
      this.peerLoop = new NioEventLoopGroup(1, threads);
      this.channelType = NioSocketChannel.class;
      this.serverChannelType = NioServerSocketChannel.class;
    }
    // Protocol work runs on this loop (the server shares it), so its forced log records can be
    // fsync'd there after each batch of reads, with no hand-off to a log's writer thread and back.
    // After the loop's other tasks too: the messages the same reads sent (a quorum write's
    // copies, a parallel commit's prepares) leave before the fsync, not after it.
    EventLoop loop = peerLoop.next();
    Executor afterIteration =
        loop instanceof SingleThreadEventLoop single
            ? single::executeAfterEventLoopIteration
            : loop;
    loop.execute(() -> LoopForce.bindCurrentThread(afterIteration));
  }

  /** Installs the fault rules every later message passes through. */
  public void setFilter(OutboundFilter filter) {
    this.filter = filter;
  }

  OutboundFilter filter() {
    return filter;
  }

  /**
   * Lets a Netty server run on this transport's event loop too (other builders are left alone): the
   * requests of a peer's batch are then served, their replies batched and the batch written on one
   * thread, with no hand-off between the server's loop and the peer loop. The loop outlives the
   * server; {@link #close} ends it.
   */
  ServerBuilder<?> sharingEventLoop(ServerBuilder<?> builder) {
    if (builder instanceof NettyServerBuilder netty) {
      netty
          .bossEventLoopGroup(peerLoop)
          .workerEventLoopGroup(peerLoop)
          .channelType(serverChannelType)
          .flowControlWindow(FLOW_CONTROL_WINDOW);
    }
    return builder;
  }

  /** Where this node's batches to peers (requests and replies) are written. */
  Executor flusher() {
    return peerLoop.next();
  }

  /** The largest batch a peer accepts, with room for the batch's own framing. */
  long maxBatchBytes() {
    return Math.max(1, config.maxMessageBytes() - 16 * 1024);
  }

  @Override
  public CompletableFuture<Message> call(String peer, Message request, Duration timeout) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    long start = System.nanoTime();
    filter
        .admitRequest(peer, request)
        .whenComplete(
            (verdict, error) -> {
              // Time held in hold mode is a teaching pause, not network latency: it does not count
              // against the timeout.
              long deadline =
                  start + timeout.toNanos() + (verdict == null ? 0 : verdict.heldNanos());
              if (error != null) {
                reply.completeExceptionally(
                    new PeerException(PeerException.Kind.FAILED, peer, error.getMessage()));
              } else if (!verdict.deliver()) {
                events.sent(sentEvent(request, peer, "dropped"));
                // A lost message looks like silence to the sender: only its timeout answers.
                scheduler.schedule(
                    () ->
                        reply.completeExceptionally(
                            new PeerException(
                                PeerException.Kind.DROPPED,
                                peer,
                                request.type() + " to " + peer + " was dropped by a fault rule")),
                    Math.max(0, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
              } else {
                freshAttemptIfFailed(channel(peer));
                send(peer, request, deadline, reply);
              }
            });
    return reply;
  }

  /**
   * gRPC keeps a channel whose connection attempt failed in TRANSIENT_FAILURE until an attempt
   * succeeds, failing every call at once meanwhile - even while it connects again to a peer that is
   * back (restarted, or started after this node) and only has to finish its handshake. Idle, the
   * channel's next call makes an attempt of its own and waits for it: to a live peer it goes
   * through, to a dead one it fails as soon as the connection is refused.
   */
  static void freshAttemptIfFailed(ManagedChannel channel) {
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.enterIdle();
    }
  }

  private void send(
      String peer, Message request, long deadlineNanos, CompletableFuture<Message> reply) {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      reply.completeExceptionally(
          new PeerException(
              PeerException.Kind.TIMEOUT,
              peer,
              peer
                  + " did not answer "
                  + request.type()
                  + " in time (held or delayed past the deadline)"));
      return;
    }
    EventLog.Stamped sent = events.sent(sentEvent(request, peer, ""));
    Envelope envelope =
        Envelope.newBuilder()
            .setFrom(selfId)
            .setTo(peer)
            .setType(request.type())
            .setPayload(codec.encode(request))
            .setLamport(sent.lamport())
            .setSendSeq(sent.seq())
            .setCallId(callIds.incrementAndGet())
            // Lets a slowed peer drop a request whose caller has given up, as a unary call's
            // deadline did.
            .setDeadlineMicros(Math.max(1, TimeUnit.NANOSECONDS.toMicros(remaining)))
            .build();
    deliver(peer, request, envelope, remaining, reply, true);
  }

  /**
   * Exchanges the envelope and completes reply. A refused connection means the envelope never left,
   * so it is tried once more on a fresh attempt: the refused one may have begun before the peer was
   * back (a restart), and the caller should hear how the peer is now.
   */
  private void deliver(
      String peer,
      Message request,
      Envelope envelope,
      long remainingNanos,
      CompletableFuture<Message> reply,
      boolean mayRetry) {
    long start = System.nanoTime();
    exchange(peer, envelope, remainingNanos)
        .whenComplete(
            (answer, error) -> {
              if (error != null) {
                long left = remainingNanos - (System.nanoTime() - start);
                if (mayRetry && left > 0 && refused(error)) {
                  freshAttemptIfFailed(channel(peer));
                  deliver(peer, request, envelope, left, reply, false);
                  return;
                }
                reply.completeExceptionally(toPeerException(peer, request, error));
                return;
              }
              try {
                Message message = codec.decode(answer.getType(), answer.getPayload());
                events.received(
                    EventLog.messageEvent(
                        EventType.RECEIVED,
                        answer.getType(),
                        peer,
                        message.key(),
                        message.txId(),
                        message.version(),
                        "",
                        answer.getSendSeq()),
                    answer.getLamport());
                reply.complete(message);
              } catch (RuntimeException e) {
                reply.completeExceptionally(
                    new PeerException(
                        PeerException.Kind.FAILED,
                        peer,
                        "bad reply from " + peer + ": " + e.getMessage()));
              }
            });
  }

  private static boolean refused(Throwable error) {
    Status status = Status.fromThrowable(error);
    return status.getCode() == Status.Code.UNAVAILABLE
        && status.getCause() instanceof java.net.ConnectException;
  }

  private CompletableFuture<Envelope> exchange(String peer, Envelope envelope, long timeoutNanos) {
    while (true) {
      PeerStream stream =
          streams.computeIfAbsent(
              peer,
              id ->
                  new PeerStream(
                      channel(id),
                      scheduler,
                      flusher(),
                      maxBatchBytes(),
                      ended -> streams.remove(id, ended)));
      CompletableFuture<Envelope> answer = stream.send(envelope, timeoutNanos);
      if (answer != null) {
        return answer;
      }
      streams.remove(peer, stream); // it ended after the lookup; a fresh stream never refuses
    }
  }

  /**
   * Starts a peer call (or stream) in the root Context. The thread may be running inside a client's
   * or an admin's server call, whose Context gRPC cancels when that call ends (or its deadline
   * passes); a peer call started there would inherit both and be cancelled with it, though the
   * protocol still needs its answer. A stream started there would die with that call, and with it
   * every message of other callers.
   */
  static <T> T outsideCallerContext(Supplier<T> start) {
    Context previous = Context.ROOT.attach();
    try {
      return startedDespiteIdleRace(start);
    } finally {
      Context.ROOT.detach(previous);
    }
  }

  /**
   * Starts a call, again when gRPC throws IllegalStateException ("Resolution is pending"): a call
   * that starts while another thread sends its channel idle ({@link #freshAttemptIfFailed}) can
   * meet the channel between two states. That call never left; started again, it waits for the
   * channel like any call on an idle one. (client.NodeChannels does the same for client calls.)
   */
  static <T> T startedDespiteIdleRace(Supplier<T> start) {
    for (int attempt = 1; ; attempt++) {
      try {
        return start.get();
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static PeerException toPeerException(String peer, Message request, Throwable error) {
    Status status = Status.fromThrowable(error);
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED ->
          new PeerException(
              PeerException.Kind.TIMEOUT,
              peer,
              peer + " did not answer " + request.type() + " in time");
      // No resetConnectBackoff here: it started a new attempt at once, which, begun while the peer
      // was still down, could fail the next call after the peer was back; the next call makes its
      // own attempt (freshAttemptIfFailed).
      case UNAVAILABLE ->
          new PeerException(PeerException.Kind.UNREACHABLE, peer, peer + " is unreachable");
      // Peer calls run outside any caller's Context, so only a channel shut down under them cancels
      // them.
      case CANCELLED ->
          new PeerException(
              PeerException.Kind.FAILED,
              peer,
              request.type() + " to " + peer + " was cancelled: this node is shutting down");
      default ->
          new PeerException(
              PeerException.Kind.FAILED,
              peer,
              peer
                  + " failed "
                  + request.type()
                  + ": "
                  + status.getCode()
                  + " "
                  + status.getDescription());
    };
  }

  private ManagedChannel channel(String peer) {
    return channels.computeIfAbsent(
        peer,
        id -> {
          NodeConfig node = config.node(id);
          return NettyChannelBuilder.forAddress(node.ip(), node.port())
              .eventLoopGroup(peerLoop)
              .channelType(channelType)
              .usePlaintext()
              .directExecutor() // replies continue the protocol without blocking: no hand-off to a
              // pool
              .flowControlWindow(FLOW_CONTROL_WINDOW)
              .maxInboundMessageSize(config.maxMessageBytes())
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
        if (!channel.awaitTermination(300, TimeUnit.MILLISECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    peerLoop.shutdownGracefully(0, 300, TimeUnit.MILLISECONDS);
  }

  private static ProtocolEvent sentEvent(Message request, String peer, String detail) {
    return EventLog.messageEvent(
        EventType.SENT,
        request.type(),
        peer,
        request.key(),
        request.txId(),
        request.version(),
        detail,
        0);
  }
}
