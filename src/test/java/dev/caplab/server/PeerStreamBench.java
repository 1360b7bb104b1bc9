package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.event.EventType;
import dev.caplab.core.net.Message;
import dev.caplab.proto.peer.Envelope;
import dev.caplab.proto.peer.PeerGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU per peer message: one unary call each (as before) against the long-lived stream, 16 in
 * flight, both ends in this process on 127.0.0.1. It reports the process's CPU time per message,
 * which other work on the machine barely moves, so the two can be compared on a busy machine too.
 * Not a test; run with {@code java -cp target/test-classes:target/caplab.jar
 * dev.caplab.server.PeerStreamBench [messages]}.
 */
public final class PeerStreamBench {

  private static final int IN_FLIGHT = 16;

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    ClusterConfig config =
        ConfigLoader.parse(
            Path.of("bench.yaml"),
            """
        nodes:
          - {id: alice, ip: 127.0.0.1, port: 17801}
          - {id: bob, ip: 127.0.0.1, port: 17802}
        """);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    EventLog aliceEvents = new EventLog("alice", 1 << 16, Clock.systemUTC());
    EventLog bobEvents = new EventLog("bob", 1 << 16, Clock.systemUTC());
    GrpcTransport alice =
        new GrpcTransport(config, "alice", aliceEvents, GrpcTransportTest.CODEC, scheduler);
    GrpcTransport bob =
        new GrpcTransport(config, "bob", bobEvents, GrpcTransportTest.CODEC, scheduler);
    Server bobServer =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 17802), InsecureServerCredentials.create())
            .directExecutor()
            .addService(
                new PeerGrpcService(
                    "bob",
                    bobEvents,
                    GrpcTransportTest.CODEC,
                    (from, message) ->
                        CompletableFuture.completedFuture(
                            new GrpcTransportTest.Pong(message.key())),
                    bob,
                    new SlowDown(scheduler, bobEvents),
                    scheduler))
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", 17802).usePlaintext().directExecutor().build();
    PeerGrpc.PeerFutureStub unary = PeerGrpc.newFutureStub(channel);
    Supplier<CompletableFuture<?>> viaStream =
        () -> alice.call("bob", new GrpcTransportTest.Ping("k"), Duration.ofSeconds(10));
    Supplier<CompletableFuture<?>> viaUnary = () -> unaryCall(unary, aliceEvents);
    try {
      for (int round = 1;
          round <= 3;
          round++) { // alternate, so neither gets only the quieter moments
        report("unary ", round, run(viaUnary, messages));
        report("stream", round, run(viaStream, messages));
      }
    } finally {
      channel.shutdownNow();
      alice.close();
      bob.close();
      bobServer.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  /**
   * One message as GrpcTransport sent it before the stream: SENT event, a unary call, RECEIVED
   * event.
   */
  private static CompletableFuture<?> unaryCall(PeerGrpc.PeerFutureStub stub, EventLog events) {
    Message request = new GrpcTransportTest.Ping("k");
    EventLog.Stamped sent =
        events.sent(
            EventLog.messageEvent(
                EventType.SENT,
                request.type(),
                "bob",
                request.key(),
                request.txId(),
                request.version(),
                "",
                0));
    Envelope envelope =
        Envelope.newBuilder()
            .setFrom("alice")
            .setTo("bob")
            .setType(request.type())
            .setPayload(GrpcTransportTest.CODEC.encode(request))
            .setLamport(sent.lamport())
            .setSendSeq(sent.seq())
            .build();
    CompletableFuture<Object> done = new CompletableFuture<>();
    var call = stub.withDeadlineAfter(10, TimeUnit.SECONDS).call(envelope);
    call.addListener(
        () -> {
          try {
            Envelope answer = call.get();
            Message reply = GrpcTransportTest.CODEC.decode(answer.getType(), answer.getPayload());
            events.received(
                EventLog.messageEvent(
                    EventType.RECEIVED,
                    answer.getType(),
                    "bob",
                    reply.key(),
                    reply.txId(),
                    reply.version(),
                    "",
                    answer.getSendSeq()),
                answer.getLamport());
            done.complete(reply);
          } catch (Exception e) {
            done.completeExceptionally(e);
          }
        },
        Runnable::run);
    return done;
  }

  private record Result(long messages, long cpuNanos, long wallNanos) {}

  private static Result run(Supplier<CompletableFuture<?>> send, int messages)
      throws InterruptedException {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    for (int i = 0; i < messages / 5; i++) { // warm-up
      slots.acquire();
      send.get().whenComplete((r, e) -> slots.release());
    }
    slots.acquire(IN_FLIGHT);
    slots.release(IN_FLIGHT);
    long cpu0 = processCpuNanos();
    long wall0 = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      slots.acquire();
      send.get().whenComplete((r, e) -> slots.release());
    }
    slots.acquire(IN_FLIGHT);
    slots.release(IN_FLIGHT);
    return new Result(messages, processCpuNanos() - cpu0, System.nanoTime() - wall0);
  }

  private static void report(String how, int round, Result r) {
    System.out.printf(
        "%s round %d: %d messages, %.1f us CPU per message, %.0f messages/s, load %.1f%n",
        how,
        round,
        r.messages,
        r.cpuNanos / 1000.0 / r.messages,
        r.messages * 1e9 / r.wallNanos,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
