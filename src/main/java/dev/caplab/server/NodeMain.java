package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import dev.caplab.config.SlaveFailurePolicy;
import dev.caplab.proto.store.GetRequest;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import dev.caplab.proto.store.PutRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one node in this process until SIGTERM/SIGINT; the body of `caplab node`. */
public final class NodeMain {

  private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

  private NodeMain() {}

  /** Serves until the JVM is asked to stop; returns the process exit code (2: port in use, 1: failed). */
  public static int run(ClusterConfig config, String id, Path dataRoot) throws InterruptedException {
    return run(config, id, dataRoot, OptionalLong.empty());
  }

  /** As {@link #run(ClusterConfig, String, Path)}; also stops when the given parent process ends. */
  public static int run(ClusterConfig config, String id, Path dataRoot, OptionalLong parentPid)
      throws InterruptedException {
    Node node = new Node(config, id, dataRoot);
    try {
      node.start();
    } catch (PortInUseException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("node " + id + " could not start: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(node::stop, id + "-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    node.ready().exceptionally(error -> {
      System.err.println("node " + id + " could not recover: " + error);
      // halt: a node that cannot serve must not linger half-alive; the supervisor reports the exit.
      Runtime.getRuntime().halt(1);
      return null;
    });
    // A supervisor that dies (even by SIGKILL) must not leave its nodes holding their ports.
    parentPid.stream().boxed().map(ProcessHandle::of).flatMap(Optional::stream).findFirst()
        .ifPresent(parent -> parent.onExit().thenRun(() -> {
          System.err.println("node " + id + ": supervisor process " + parent.pid() + " ended; stopping");
          System.exit(0);
        }));
    node.blockUntilShutdown();
    return 0;
  }

  /**
   * The AppCDS training run: serves a few puts and gets on a one-node cluster of each mode (free port,
   * scratch directory), stops and returns normally, so the JVM can archive the classes a node loads.
   */
  public static int trainCds() throws IOException, InterruptedException {
    Path scratch = Files.createTempDirectory("caplab-cds");
    try {
      train(singleNode(scratch.resolve("centralized.yaml"), Mode.CENTRALIZED), scratch);
      train(singleNode(scratch.resolve("decentralized.yaml"), Mode.DECENTRALIZED), scratch);
      return 0;
    } finally {
      deleteTree(scratch);
    }
  }

  private static void train(ClusterConfig config, Path scratch) throws IOException, InterruptedException {
    Node node = new Node(config, config.nodes().get(0).id(), scratch);
    node.start();
    try {
      node.ready().get(30, TimeUnit.SECONDS);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
      try {
        var stub = KeyValueStoreGrpc.newBlockingStub(channel);
        for (int i = 0; i < 10; i++) {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .put(PutRequest.newBuilder().setKey("k" + i).setValue("v" + i).build());
          stub.withDeadlineAfter(10, TimeUnit.SECONDS).get(GetRequest.newBuilder().setKey("k" + i).build());
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException | StatusRuntimeException e) {
      LOG.warn("CDS training on a {} node did not complete its requests: {}", config.mode(), e.toString());
    } finally {
      node.stop();
    }
  }

  /** A one-node cluster on an ephemeral port (0), built directly: it never exists as a file. */
  private static ClusterConfig singleNode(Path source, Mode mode) {
    boolean centralized = mode == Mode.CENTRALIZED;
    NodeConfig node = new NodeConfig(centralized ? ClusterConfig.MASTER_ID : "node_0", "127.0.0.1", 0, 1,
        centralized ? Role.MASTER : Role.PEER);
    Duration timeout = Duration.ofMillis(500);
    return new ClusterConfig(source, mode, List.of(node), centralized ? 0 : 1, centralized ? 0 : 1, false,
        SlaveFailurePolicy.EXCLUDE, timeout, timeout, timeout, 1024, 1024 * 1024, "");
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
