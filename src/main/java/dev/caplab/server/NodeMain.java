package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.proto.store.GetRequest;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import dev.caplab.proto.store.PutRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * Serves until the JVM is asked to stop; returns the process exit code (2: port in use, 1:
   * failed).
   */
  public static int run(ClusterConfig config, String id, Path dataRoot)
      throws InterruptedException {
    return run(config, id, dataRoot, OptionalLong.empty());
  }

  /**
   * As {@link #run(ClusterConfig, String, Path)}; also stops when the given parent process ends.
   */
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
    node.ready()
        .exceptionally(
            error -> {
              System.err.println("node " + id + " could not recover: " + error);
              // halt: a node that cannot serve must not linger half-alive; the supervisor reports
              // the exit.
              Runtime.getRuntime().halt(1);
              return null;
            });
    // A supervisor that dies (even by SIGKILL) must not leave its nodes holding their ports.
    parentPid.stream()
        .boxed()
        .map(ProcessHandle::of)
        .flatMap(Optional::stream)
        .findFirst()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println(
                              "node "
                                  + id
                                  + ": supervisor process "
                                  + parent.pid()
                                  + " ended; stopping");
                          System.exit(0);
                        }));
    node.blockUntilShutdown();
    return 0;
  }

  /**
   * The AppCDS training run: a three-node cluster of each mode inside this JVM (free ports, scratch
   * directory) serves puts and gets through every node, so master, slave and peer code paths,
   * client and server, are all loaded; then it stops and returns normally, so the JVM can archive
   * those classes.
   */
  public static int trainCds() throws IOException, InterruptedException {
    Path scratch = Files.createTempDirectory("caplab-cds");
    try {
      train(
          threeNodes(scratch.resolve("centralized.yaml"), Mode.CENTRALIZED), scratch.resolve("c"));
      train(
          threeNodes(scratch.resolve("decentralized.yaml"), Mode.DECENTRALIZED),
          scratch.resolve("d"));
      return 0;
    } finally {
      deleteTree(scratch);
    }
  }

  private static void train(ClusterConfig config, Path scratch)
      throws IOException, InterruptedException {
    List<Node> nodes = new ArrayList<>();
    List<ManagedChannel> channels = new ArrayList<>();
    try {
      for (NodeConfig n : config.nodes()) {
        Node node = new Node(config, n.id(), scratch);
        nodes.add(node);
        node.start();
      }
      for (Node node : nodes) {
        node.ready().get(30, TimeUnit.SECONDS);
      }
      for (Node node : nodes) {
        ManagedChannel channel =
            NettyChannelBuilder.forAddress("127.0.0.1", node.port()).usePlaintext().build();
        channels.add(channel);
        var stub = KeyValueStoreGrpc.newBlockingStub(channel);
        for (int i = 0; i < 10; i++) {
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .put(PutRequest.newBuilder().setKey("k" + i).setValue("v" + i).build());
          stub.withDeadlineAfter(10, TimeUnit.SECONDS)
              .get(GetRequest.newBuilder().setKey("k" + i).build());
        }
      }
    } catch (ExecutionException | TimeoutException | StatusRuntimeException e) {
      LOG.warn(
          "CDS training on a {} cluster did not complete its requests: {}",
          config.mode(),
          e.toString());
    } finally {
      for (ManagedChannel channel : channels) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      for (Node node : nodes) {
        node.stop();
      }
    }
  }

  /**
   * A three-node cluster on free ports, parsed from YAML as a real config is (so the loader is
   * archived too).
   */
  private static ClusterConfig threeNodes(Path source, Mode mode) throws IOException {
    String yaml =
        mode == Mode.CENTRALIZED
            ? """
          master: {ip: 127.0.0.1, port: %d}
          slaves:
            - {id: slave_1, ip: 127.0.0.1, port: %d}
            - {id: slave_2, ip: 127.0.0.1, port: %d}
          prepare_timeout_ms: 2000
          commit_timeout_ms: 2000
          """
            : """
          read_quorum: 2
          write_quorum: 2
          nodes:
            - {id: node_0, ip: 127.0.0.1, port: %d}
            - {id: node_1, ip: 127.0.0.1, port: %d}
            - {id: node_2, ip: 127.0.0.1, port: %d}
          request_timeout_ms: 2000
          """;
    try {
      return ConfigLoader.parse(source, yaml.formatted(freePort(), freePort(), freePort()));
    } catch (ConfigException e) {
      throw new IOException("training config is invalid: " + e.getMessage(), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
