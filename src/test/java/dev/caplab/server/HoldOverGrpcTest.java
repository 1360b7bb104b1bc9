package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.net.Message;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hold mode on a real transport: a held request outlives its timeout and still gets its answer. */
class HoldOverGrpcTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private EventLog aliceEvents;
  private GrpcTransport alice;
  private GrpcTransport bob;
  private FaultRules aliceRules;
  private Server bobServer;

  @BeforeEach
  void start() throws Exception {
    ClusterConfig config =
        ConfigLoader.parse(
            Path.of("hold.yaml"),
            """
        nodes:
          - {id: alice, ip: 127.0.0.1, port: 23041}
          - {id: bob, ip: 127.0.0.1, port: 23042}
        """);
    aliceEvents = new EventLog("alice", 1024, Clock.systemUTC());
    EventLog bobEvents = new EventLog("bob", 1024, Clock.systemUTC());
    alice = new GrpcTransport(config, "alice", aliceEvents, GrpcTransportTest.CODEC, scheduler);
    bob = new GrpcTransport(config, "bob", bobEvents, GrpcTransportTest.CODEC, scheduler);
    aliceRules = new FaultRules(aliceEvents, scheduler, Clock.systemUTC());
    alice.setFilter(aliceRules);
    bobServer =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 23042), InsecureServerCredentials.create())
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
  }

  @AfterEach
  void stop() throws InterruptedException {
    alice.close();
    bob.close();
    bobServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    scheduler.shutdownNow();
  }

  @Test
  void heldRequestIsAnsweredAfterReleaseEvenPastItsTimeout() throws Exception {
    alice
        .call("bob", new GrpcTransportTest.Ping("warm-up"), Duration.ofSeconds(10))
        .get(10, TimeUnit.SECONDS);
    long warm = aliceEvents.lastSeq();
    aliceRules.setHold(true);
    CompletableFuture<Message> reply =
        alice.call("bob", new GrpcTransportTest.Ping("k"), Duration.ofMillis(1000));
    await().atMost(Duration.ofSeconds(5)).until(() -> aliceRules.held().size() == 1);
    Thread.sleep(1500); // held longer than the timeout: the lesson pauses

    aliceRules.release(0);

    assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(new GrpcTransportTest.Pong("k"));
    assertThat(aliceEvents.since(warm + 1, 10))
        .extracting(s -> s.event().type().name() + ":" + s.event().label())
        .containsExactly("HELD:ping", "RELEASED:ping", "SENT:ping", "RECEIVED:pong");
  }
}
