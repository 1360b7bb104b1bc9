package dev.caplab.client;

import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.server.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real cluster in this JVM (every node on its own port, real gRPC between them), watched by a
 * {@link ClusterObserver} and driven through the Java clients, as the GUI does.
 */
final class InJvmCluster implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(60);

  final ClusterConfig config;
  final StoreClient store;
  final AdminClient admin;
  final RecordingListener listener = new RecordingListener();
  private final List<Node> nodes = new ArrayList<>();
  private final ClusterObserver observer;

  private InJvmCluster(ClusterConfig config, Path data) throws Exception {
    this.config = config;
    for (String id : config.ids()) {
      Node node = new Node(config, id, data);
      node.start();
      nodes.add(node);
    }
    for (Node node : nodes) {
      node.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    store = new StoreClient(config, Duration.ofSeconds(30));
    admin = new AdminClient(config);
    observer = ClusterObserver.start(config, listener, Runnable::run);
    await()
        .atMost(WAIT)
        .until(
            () ->
                listener.notices().stream().filter(n -> n.endsWith(" connected")).count()
                    == config.nodes().size());
  }

  static InJvmCluster start(Path dir, String yaml) throws Exception {
    ClusterConfig config = ConfigLoader.load(Files.writeString(dir.resolve("cluster.yaml"), yaml));
    return new InJvmCluster(config, dir.resolve("data"));
  }

  /** Waits until the observer has delivered an event that matches, and returns it. */
  NodeEvent awaitEvent(Predicate<NodeEvent> match) {
    await().atMost(WAIT).until(() -> find(match).isPresent());
    return find(match).orElseThrow();
  }

  Optional<NodeEvent> find(Predicate<NodeEvent> match) {
    return listener.events().stream().filter(match).findFirst();
  }

  List<NodeEvent> events() {
    return listener.events();
  }

  @Override
  public void close() {
    observer.close();
    admin.close();
    store.close();
    nodes.forEach(Node::stop);
  }
}
