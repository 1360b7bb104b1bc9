package dev.caplab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.tier.MultiProcess;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real node processes, started, killed and restarted by the supervisor. */
@MultiProcess
class SupervisorTest {

  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;
  private ClusterConfig config;
  private Supervisor supervisor;
  private final List<String> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("cluster.yaml"),
            """
        master: {ip: 127.0.0.1, port: 20110}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 20111}
        """);
    config = ConfigLoader.load(file);
    supervisor = new Supervisor(config, dir.resolve("data"));
    supervisor.addListener((id, state) -> changes.add(id + "=" + state));
  }

  @AfterEach
  void tearDown() {
    supervisor.close();
  }

  @Test
  void acknowledgedWritesSurviveSigkillAndRestart() throws Exception {
    supervisor.start("master").get(START.toSeconds(), TimeUnit.SECONDS);
    assertThat(supervisor.state("master")).isEqualTo(NodeProcessState.SERVING);
    try (StoreClient client = new StoreClient(config, Duration.ofSeconds(20))) {
      CompletableFuture.allOf(
              IntStream.range(0, 1000)
                  .mapToObj(i -> client.put("master", "key-" + i, "value-" + i))
                  .toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);

      long pid = supervisor.pid("master").orElseThrow();
      supervisor.kill("master");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> supervisor.state("master") == NodeProcessState.KILLED);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(supervisor.exitCode("master")).contains(137);

      supervisor.start("master").get(START.toSeconds(), TimeUnit.SECONDS);
      assertThat(supervisor.pid("master").orElseThrow()).isNotEqualTo(pid);
      for (int i = 0; i < 1000; i++) {
        assertThat(client.get("master", "key-" + i).get(10, TimeUnit.SECONDS))
            .as("key-" + i)
            .contains("value-" + i);
      }
    }
    assertThat(changes)
        .containsSubsequence(
            "master=STARTING",
            "master=SERVING",
            "master=KILLED",
            "master=STARTING",
            "master=SERVING");
  }

  /**
   * The supervisor learns that a node serves from the node's log, which every run of the node
   * appends to: the line an earlier run wrote must not make a restart count as serving before the
   * new process even listens.
   */
  @Test
  void aRestartServesOnlyWhenTheNewProcessDoes() throws Exception {
    for (int run = 0; run < 3; run++) {
      supervisor.start("master").get(START.toSeconds(), TimeUnit.SECONDS);
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", 20110).usePlaintext().build();
      try {
        HealthCheckResponse health =
            HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        channel.shutdownNow();
      }
      supervisor.stop("master").get(20, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(supervisor.logFile("master")))
        .as("three runs in one log")
        .containsPattern("(?s)master is serving.*master is serving.*master is serving");
  }

  @Test
  void unexpectedExitIsReportedWithItsExitCode() throws Exception {
    supervisor.startAll().get(START.toSeconds(), TimeUnit.SECONDS);
    assertThat(supervisor.state("slave_1")).isEqualTo(NodeProcessState.SERVING);
    // Killed from outside, as by the OOM killer: the supervisor did not ask for it.
    ProcessHandle.of(supervisor.pid("slave_1").orElseThrow()).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> supervisor.state("slave_1") == NodeProcessState.EXITED);
    assertThat(supervisor.exitCode("slave_1")).contains(137);
    assertThat(changes).contains("slave_1=EXITED");
    assertThat(supervisor.state("master")).isEqualTo(NodeProcessState.SERVING);
    assertThat(supervisor.logTail("slave_1", 50))
        .anyMatch(line -> line.contains("slave_1 is serving"));
  }

  @Test
  void stopEndsTheProcessCleanly() throws Exception {
    supervisor.start("master").get(START.toSeconds(), TimeUnit.SECONDS);
    supervisor.stop("master").get(20, TimeUnit.SECONDS);
    assertThat(supervisor.state("master")).isEqualTo(NodeProcessState.STOPPED);
    assertThat(supervisor.exitCode("master")).isPresent();
    assertThat(supervisor.logTail("master", 5)).anyMatch(line -> line.contains("master stopped"));
  }

  @Test
  void startOnATakenPortFailsWithTheReason() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", 20111));
      assertThatThrownBy(() -> supervisor.start("slave_1").join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(NodeStartException.class)
          .hasMessageContaining("port 20111 is already in use");
    }
    assertThat(supervisor.state("slave_1")).isEqualTo(NodeProcessState.STOPPED);
  }

  @Test
  void nodeThatCannotStartIsReportedWithItsLog() throws Exception {
    // A node on a data directory that another node holds exits at once: its store is locked.
    supervisor.start("master").get(START.toSeconds(), TimeUnit.SECONDS);
    Path file =
        Files.writeString(
            dir.resolve("same-data.yaml"),
            """
        master: {ip: 127.0.0.1, port: 20112}
        """);
    try (Supervisor rival = new Supervisor(ConfigLoader.load(file), dir.resolve("data"))) {
      assertThatThrownBy(() -> rival.start("master").join())
          .cause()
          .isInstanceOf(NodeStartException.class)
          .hasMessageContaining("exited with code 1")
          .hasMessageContaining("in use by another process");
      assertThat(rival.state("master")).isEqualTo(NodeProcessState.EXITED);
    }
  }
}
