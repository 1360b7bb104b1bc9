package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.tier.MultiProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node process, SIGKILLed and restarted under a watching observer; inspected over the wire.
 */
@MultiProcess
class ObserverCrashTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private ClusterConfig config;
  private Supervisor supervisor;
  private StoreClient store;
  private AdminClient admin;
  private ClusterObserver observer;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void start() throws Exception {
    config =
        ConfigLoader.load(
            Files.writeString(
                dir.resolve("one.yaml"),
                """
        master: {ip: 127.0.0.1, port: 23101}
        """));
    supervisor = new Supervisor(config, dir.resolve("data"));
    supervisor.start("master").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    store = new StoreClient(config);
    admin = new AdminClient(config);
    observer = ClusterObserver.start(config, listener, Runnable::run);
  }

  @AfterEach
  void stop() {
    observer.close();
    admin.close();
    store.close();
    supervisor.close();
  }

  @Test
  void observerResumesAfterSigkillAndRestartWithoutDuplicatesOrMisses() throws Exception {
    putAndSeeReply("a", "1");
    putAndSeeReply("b", "2");
    int beforeKill = listener.size();

    supervisor.kill("master");
    await().atMost(WAIT).until(() -> supervisor.state("master") == NodeProcessState.KILLED);
    await().atMost(WAIT).until(() -> listener.notices().contains("master lost"));
    supervisor.start("master").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    putAndSeeReply("c", "3");

    List<NodeEvent> events = listener.events();
    List<NodeEvent> firstRun = events.subList(0, beforeKill);
    List<NodeEvent> secondRun = events.subList(beforeKill, events.size());
    assertThat(firstRun)
        .extracting(NodeEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, beforeKill).boxed().toList());
    assertThat(secondRun)
        .extracting(NodeEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, secondRun.size()).boxed().toList());
    assertThat(secondRun.get(0).label()).isEqualTo("starting");
    assertThat(listener.notices())
        .containsExactly("master connected", "master lost", "master connected");
  }

  @Test
  void inspectShowsStoredKeysWithVersionsAndTheLogTail() throws Exception {
    putAndSeeReply("alpha", "first");
    putAndSeeReply("beta", "x".repeat(1000));

    NodeSnapshot snapshot = admin.inspect("master", 0, 5).get(10, TimeUnit.SECONDS);

    assertThat(snapshot.node()).isEqualTo("master");
    assertThat(snapshot.status()).isEqualTo("serving");
    assertThat(snapshot.keyCount()).isEqualTo(2);
    assertThat(snapshot.entries())
        .extracting(NodeSnapshot.Entry::key)
        .containsExactly("alpha", "beta");
    assertThat(snapshot.entries().get(0).value()).isEqualTo("first");
    assertThat(snapshot.entries().get(0).version()).matches("\\d+@master");
    assertThat(snapshot.entries().get(1).value()).endsWith("(1000 chars)");
    assertThat(snapshot.logTail())
        .hasSizeLessThanOrEqualTo(5)
        .anyMatch(line -> line.contains("is serving"));
    assertThat(snapshot.lastSeq()).isGreaterThanOrEqualTo(listener.size());
  }

  private void putAndSeeReply(String key, String value) throws Exception {
    assertThat(store.put("master", key, value).get(20, TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(WAIT)
        .until(
            () ->
                new ArrayList<>(listener.events())
                    .stream()
                        .anyMatch(e -> e.type().equals("CLIENT_REPLY") && e.key().equals(key)));
  }
}
