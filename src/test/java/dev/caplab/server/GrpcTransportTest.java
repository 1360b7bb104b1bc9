package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventType;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import io.grpc.Context;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real gRPC endpoints on 127.0.0.1 exchanging envelopes. */
class GrpcTransportTest {

  record Ping(String key) implements Message {
    public String type() {
      return "ping";
    }
  }

  record Pong(String key) implements Message {
    public String type() {
      return "pong";
    }
  }

  static final MessageCodec CODEC =
      new MessageCodec() {
        public ByteString encode(Message message) {
          return ByteString.copyFromUtf8(message.key());
        }

        public Message decode(String type, ByteString payload) {
          String key = payload.toString(StandardCharsets.UTF_8);
          return switch (type) {
            case "ping" -> new Ping(key);
            case "pong" -> new Pong(key);
            default -> throw new IllegalArgumentException("unknown type " + type);
          };
        }
      };

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private ClusterConfig config;
  private EventLog aliceEvents;
  private EventLog bobEvents;
  private GrpcTransport alice;
  private GrpcTransport bob;
  private SlowDown bobSlowDown;
  private Server bobServer;

  @BeforeEach
  void start() throws Exception {
    config =
        ConfigLoader.parse(
            Path.of("test.yaml"),
            """
        nodes:
          - {id: alice, ip: 127.0.0.1, port: 19801}
          - {id: bob, ip: 127.0.0.1, port: 19802}
        """);
    aliceEvents = new EventLog("alice", 1024, Clock.systemUTC());
    bobEvents = new EventLog("bob", 1024, Clock.systemUTC());
    alice = new GrpcTransport(config, "alice", aliceEvents, CODEC, scheduler);
    bob = new GrpcTransport(config, "bob", bobEvents, CODEC, scheduler);
    bobSlowDown = new SlowDown(scheduler, bobEvents);
    bobServer = startBob();
  }

  private Server startBob() throws IOException {
    return NettyServerBuilder.forAddress(
            new InetSocketAddress("127.0.0.1", 19802), InsecureServerCredentials.create())
        .addService(
            ServerInterceptors.intercept(
                new PeerGrpcService(
                    "bob",
                    bobEvents,
                    CODEC,
                    (from, message) ->
                        message.key().equals("bad")
                            ? CompletableFuture.failedFuture(
                                new KvException(KvException.Reason.ABORTED, "bad key"))
                            : CompletableFuture.completedFuture(
                                new Pong(message.key() + " from " + from)),
                    bob,
                    bobSlowDown,
                    scheduler),
                bobSlowDown.interceptor()))
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
  void replyArrivesAndEverySendPairsWithItsReceive() throws Exception {
    Message reply =
        alice.call("bob", new Ping("k"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);

    assertThat(reply).isEqualTo(new Pong("k from alice"));
    List<EventLog.Stamped> a = aliceEvents.since(1, 10);
    List<EventLog.Stamped> b = bobEvents.since(1, 10);
    assertThat(a)
        .extracting(s -> s.event().type() + ":" + s.event().label())
        .containsExactly("SENT:ping", "RECEIVED:pong");
    assertThat(b)
        .extracting(s -> s.event().type() + ":" + s.event().label())
        .containsExactly("RECEIVED:ping", "SENT:pong");
    // bob's receive names alice's send; alice's receive names bob's send
    assertThat(b.get(0).event().causeSeq()).isEqualTo(a.get(0).seq());
    assertThat(a.get(1).event().causeSeq()).isEqualTo(b.get(1).seq());
    // Lamport: every receive is later than its send
    assertThat(b.get(0).lamport()).isGreaterThan(a.get(0).lamport());
    assertThat(a.get(1).lamport()).isGreaterThan(b.get(1).lamport());
  }

  @Test
  void droppedMessageFailsAtTheDeadlineAndNeverArrives() {
    alice.setFilter((peer, message) -> CompletableFuture.completedFuture(false));

    assertThatThrownBy(
            () -> alice.call("bob", new Ping("k"), Duration.ofMillis(200)).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PeerException.class)
        .extracting(e -> ((PeerException) e).kind())
        .isEqualTo(PeerException.Kind.DROPPED);
    assertThat(bobEvents.lastSeq()).isZero();
    assertThat(aliceEvents.since(1, 10))
        .singleElement()
        .satisfies(s -> assertThat(s.event().detail()).isEqualTo("dropped"));
  }

  @Test
  void deadPeerIsUnreachable() throws InterruptedException {
    bobServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);

    assertThatThrownBy(
            () -> alice.call("bob", new Ping("k"), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(PeerException.class)
        .extracting(e -> ((PeerException) e).kind())
        .isEqualTo(PeerException.Kind.UNREACHABLE);
  }

  @Test
  void failedRequestAnswersWithItsErrorAndTheNextGoesThrough() throws Exception {
    assertThatThrownBy(
            () ->
                alice.call("bob", new Ping("bad"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(PeerException.class)
        .satisfies(e -> assertThat(((PeerException) e).kind()).isEqualTo(PeerException.Kind.FAILED))
        .hasMessage("bob failed ping: ABORTED bad key");

    assertThat(alice.call("bob", new Ping("k"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
        .isEqualTo(new Pong("k from alice"));
  }

  @Test
  void restartedPeerIsReachableAgain() throws Exception {
    alice.call("bob", new Ping("before"), Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS);
    bobServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    assertThatThrownBy(
            () -> alice.call("bob", new Ping("k"), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(PeerException.class)
        .extracting(e -> ((PeerException) e).kind())
        .isEqualTo(PeerException.Kind.UNREACHABLE);

    bobServer = startBob();

    // The channel may still be in its reconnect back-off for one attempt; each failure resets it.
    await()
        .atMost(Duration.ofSeconds(5))
        .ignoreExceptions()
        .until(
            () ->
                alice
                    .call("bob", new Ping("after"), Duration.ofSeconds(1))
                    .get(2, TimeUnit.SECONDS)
                    .equals(new Pong("after from alice")));
  }

  @Test
  void firstMessageToAPeerThatWasDownWhileStartingIsDelivered() throws Exception {
    bobServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    for (int i = 0; i < 3; i++) { // as a node does when it talks to peers that are still starting
      assertThatThrownBy(
              () ->
                  alice
                      .call("bob", new Ping("early"), Duration.ofSeconds(2))
                      .get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(PeerException.class);
    }

    bobServer = startBob();

    // Not on the failed attempt's result or back-off: the message waits for a fresh connection.
    assertThat(alice.call("bob", new Ping("now"), Duration.ofSeconds(2)).get(5, TimeUnit.SECONDS))
        .isEqualTo(new Pong("now from alice"));
  }

  @Test
  void slowedPeerAnswersLateAndDropsRequestsWhoseCallerGaveUp() throws Exception {
    bobSlowDown.slowDown(1);
    long bobBefore = bobEvents.lastSeq();

    CompletableFuture<Message> patient =
        alice.call("bob", new Ping("patient"), Duration.ofSeconds(5));
    CompletableFuture<Message> hasty = alice.call("bob", new Ping("hasty"), Duration.ofMillis(300));

    assertThatThrownBy(() -> hasty.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(PeerException.class)
        .extracting(e -> ((PeerException) e).kind())
        .isEqualTo(PeerException.Kind.TIMEOUT);
    assertThat(patient.get(5, TimeUnit.SECONDS)).isEqualTo(new Pong("patient from alice"));
    // Both were due at bob at the same moment: the hasty one must stay unhandled, not just late.
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                bobEvents.since(bobBefore + 1, 10).stream()
                    .map(st -> st.event().type() + ":" + st.event().label())
                    .toList()
                    .equals(List.of("RECEIVED:ping", "SENT:pong")));
  }

  @Test
  void messageSentFromInsideACallThatIsCancelledLaterIsStillAnswered() throws Exception {
    bobSlowDown.slowDown(1); // the reply comes long after the caller's call has ended
    Context.CancellableContext clientCall = Context.current().withCancellation();

    CompletableFuture<Message> reply =
        clientCall.call(() -> alice.call("bob", new Ping("k"), Duration.ofSeconds(5)));
    clientCall.cancel(null); // as gRPC does when the client's call completes

    assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("k from alice"));
  }

  @Test
  void callersShortDeadlineDoesNotTravelIntoThePeerCall() throws Exception {
    bobSlowDown.slowDown(1);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      Context.CancellableContext hastyClient =
          Context.current().withDeadlineAfter(2, TimeUnit.MILLISECONDS, timer);

      CompletableFuture<Message> reply =
          hastyClient.call(() -> alice.call("bob", new Ping("k"), Duration.ofSeconds(5)));

      assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("k from alice"));
      assertThat(hastyClient.isCancelled()).isTrue();
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void eventLogKeepsOnlyTheNewestAndReportsWhereItsBufferStarts() {
    EventLog log = new EventLog("n", 4, Clock.systemUTC());
    for (int i = 0; i < 10; i++) {
      log.emit(EventLog.messageEvent(EventType.STATE, "s" + i, "", "", "", "", "", 0));
    }
    assertThat(log.firstBufferedSeq()).isEqualTo(7);
    assertThat(log.since(1, 100))
        .extracting(EventLog.Stamped::seq)
        .containsExactly(7L, 8L, 9L, 10L);
    assertThat(log.since(9, 1)).extracting(s -> s.event().label()).containsExactly("s8");
  }
}
