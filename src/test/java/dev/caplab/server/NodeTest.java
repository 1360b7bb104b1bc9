package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.core.event.EventType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node on a real port, talked to through the Java client, as the seed's clients would. */
class NodeTest {

  @TempDir Path dir;
  private ClusterConfig config;
  private Node node;
  private StoreClient client;

  @BeforeEach
  void startNode() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("one.yaml"),
            """
        master: {ip: 127.0.0.1, port: 20100}
        """);
    config = ConfigLoader.load(file);
    node = new Node(config, "master", dir.resolve("data"));
    node.start();
    node.ready().get(10, TimeUnit.SECONDS);
    client = new StoreClient(config, Duration.ofSeconds(5));
  }

  @AfterEach
  void stopNode() {
    client.close();
    node.stop();
  }

  private Status statusOf(CompletableFuture<?> call) {
    try {
      call.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
      return ((StatusRuntimeException) e.getCause()).getStatus();
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void putThenGetRoundTrips() {
    assertThat(client.put("master", "a", "1").join()).isTrue();
    assertThat(client.get("master", "a").join()).contains("1");
    assertThat(client.put("master", "a", "2").join()).isTrue();
    assertThat(client.get("master", "a").join()).contains("2");
  }

  @Test
  void missingKeyIsNotFound() {
    assertThat(client.get("master", "never-written").join()).isEmpty();
  }

  @Test
  void unicodeNulAndEmojiRoundTripUnchanged() {
    String key = "clé\u0000🔑";
    String value = "naïve\u0000 value 🎉 with 中文 and \uD83D\uDE00";
    assertThat(client.put("master", key, value).join()).isTrue();
    assertThat(client.get("master", key).join()).contains(value);
    assertThat(client.get("master", "clé").join()).isEmpty();
  }

  @Test
  void emptyValueIsAValue() {
    client.put("master", "empty", "").join();
    assertThat(client.get("master", "empty").join()).contains("");
  }

  @Test
  void emptyKeyIsInvalidArgument() {
    Status status = statusOf(client.put("master", "", "x"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("key is empty");
    assertThat(statusOf(client.get("master", "")).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void keyOneByteOverTheLimitIsInvalidArgument() {
    assertThat(client.put("master", "k".repeat(1024), "fits").join()).isTrue();
    Status status = statusOf(client.put("master", "k".repeat(1025), "x"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("1025 bytes").contains("max_key_bytes");
    // 342 three-byte characters are 1026 bytes though only 342 chars.
    assertThat(statusOf(client.get("master", "€".repeat(342))).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void valueAtTheLimitIsStoredAndOneByteMoreIsInvalidArgument() {
    String max = "v".repeat(config.maxValueBytes());
    assertThat(client.put("master", "big", max).join()).isTrue();
    assertThat(client.get("master", "big").join()).contains(max);
    Status status = statusOf(client.put("master", "big", max + "v"));
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription()).contains("max_value_bytes");
  }

  @Test
  void healthSaysServingOnceRecovered() {
    var health =
        HealthGrpc.newBlockingStub(client.channel("master")).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder()
                        .setService("distributedstore.KeyValueStore")
                        .build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void slowDownDelaysEveryRequestUntilRestore() {
    client.put("master", "s", "1").join();
    assertThat(client.slowDown("master", 1).join()).isTrue();
    long start = System.nanoTime();
    assertThat(client.get("master", "s").join()).contains("1");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    // restore itself is never delayed, else a node slowed for minutes could not be restored
    start = System.nanoTime();
    assertThat(client.restore("master").join()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
    start = System.nanoTime();
    client.get("master", "s").join();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  void requestWhoseDeadlinePassesWhileSlowedIsNeverApplied() {
    client.slowDown("master", 1).join();
    try (StoreClient impatient = new StoreClient(config, Duration.ofMillis(200))) {
      Status status = statusOf(impatient.put("master", "late", "x"));
      assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
    // The slowed put is still held; once released it must see its cancellation and not write.
    assertThat(client.get("master", "late").join()).isEqualTo(Optional.empty());
    client.restore("master").join();
    assertThat(client.get("master", "late").join()).isEmpty();
    assertThat(node.events().since(0, 10_000))
        .noneMatch(
            e -> e.event().type() == EventType.CLIENT_REQUEST && e.event().label().equals("put"));
  }

  @Test
  void negativeSlowDownIsInvalidArgument() {
    assertThat(statusOf(client.slowDown("master", -1)).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void secondNodeOnTheSamePortSaysWhichPortAndWhy() {
    Node twin = new Node(config, "master", dir.resolve("twin"));
    assertThatThrownBy(twin::start)
        .isInstanceOf(PortInUseException.class)
        .hasMessage(
            "port 20100 (node master, "
                + config.source()
                + ") is already in use:"
                + " stop the other process or change the port");
  }

  @Test
  void dataSurvivesARestartOfTheNode() throws Exception {
    client.put("master", "durable", "yes").join();
    node.stop();
    node = new Node(config, "master", dir.resolve("data"));
    node.start();
    node.ready().get(10, TimeUnit.SECONDS);
    assertThat(client.get("master", "durable").join()).contains("yes");
  }
}
