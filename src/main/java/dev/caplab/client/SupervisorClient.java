package dev.caplab.client;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.proto.supervise.ListRequest;
import dev.caplab.proto.supervise.LogLines;
import dev.caplab.proto.supervise.LogRequest;
import dev.caplab.proto.supervise.NodeList;
import dev.caplab.proto.supervise.NodeProcess;
import dev.caplab.proto.supervise.NodeRequest;
import dev.caplab.proto.supervise.SuperviseGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The supervisors of nodes that `caplab cluster --only` runs on other hosts: for each node of the
 * config, the one that would listen next to it (its ip, port + supervisor_port_offset). Sends the
 * config's admin_token, which supervisors off loopback require. Thread-safe; never blocks: futures
 * complete on gRPC threads and fail with the {@link StatusRuntimeException} of the call
 * (UNAVAILABLE when no supervisor listens there).
 */
public final class SupervisorClient implements AutoCloseable {

  /** Killing waits for the process to be gone; restarting for the node to recover and serve. */
  static final Duration FAIL_DEADLINE = Duration.ofSeconds(15);

  static final Duration RECOVER_DEADLINE = Duration.ofSeconds(90);
  static final Duration QUERY_DEADLINE = Duration.ofSeconds(5);

  /** A node's process as its supervisor sees it: state is a {@code NodeProcessState} name. */
  public record NodeProcessInfo(String node, String state, long pid, int exitCode) {}

  private final ClusterConfig config;
  private final NodeChannels channels;

  public SupervisorClient(ClusterConfig config) {
    this.config = config;
    channels =
        new NodeChannels(
            config,
            config.adminToken(),
            node ->
                NettyChannelBuilder.forAddress(node.ip(), config.supervisorPort(node))
                    .usePlaintext()
                    .build());
  }

  /** ip:port where the supervisor of node would listen. */
  public String address(String node) {
    NodeConfig n = config.node(node);
    return n.ip() + ":" + config.supervisorPort(n);
  }

  /** Every node the supervisor next to node runs (node among them when it runs node). */
  public CompletableFuture<List<NodeProcessInfo>> list(String node) {
    return call(
        node,
        QUERY_DEADLINE,
        (stub, observer) -> stub.list(ListRequest.getDefaultInstance(), observer),
        (NodeList list) -> list.getNodesList().stream().map(SupervisorClient::toInfo).toList());
  }

  /** SIGKILLs node; completes once its process is gone. */
  public CompletableFuture<NodeProcessInfo> fail(String node) {
    return onNode(node, FAIL_DEADLINE, SuperviseGrpc.SuperviseStub::fail);
  }

  /**
   * Starts node again on its data; completes once it serves (FAILED_PRECONDITION with the reason if
   * it cannot).
   */
  public CompletableFuture<NodeProcessInfo> recover(String node) {
    return onNode(node, RECOVER_DEADLINE, SuperviseGrpc.SuperviseStub::recover);
  }

  /** A call of the SuperviseStub that acts on one node and answers with its process. */
  @FunctionalInterface
  private interface NodeCall {
    void start(
        SuperviseGrpc.SuperviseStub stub,
        NodeRequest request,
        StreamObserver<NodeProcess> observer);
  }

  private CompletableFuture<NodeProcessInfo> onNode(String node, Duration deadline, NodeCall rpc) {
    NodeRequest request = NodeRequest.newBuilder().setNode(node).build();
    return call(
        node,
        deadline,
        (stub, observer) -> rpc.start(stub, request, observer),
        SupervisorClient::toInfo);
  }

  /** The last lines node's process wrote, from its host. */
  public CompletableFuture<List<String>> log(String node, int lines) {
    LogRequest request = LogRequest.newBuilder().setNode(node).setLines(lines).build();
    return call(
        node,
        QUERY_DEADLINE,
        (stub, observer) -> stub.log(request, observer),
        LogLines::getLinesList);
  }

  /**
   * Why a call to node's supervisor failed, in plain words for the GUI and CLI: no supervisor there
   * (with how to start one), the token refused, or the supervisor's own answer.
   */
  public String explain(String node, Throwable error) {
    Status status = Status.fromThrowable(error);
    return switch (status.getCode()) {
      // Short enough for the GUI's status line; the README says where supervisors listen.
      case NOT_FOUND, UNAVAILABLE, UNIMPLEMENTED ->
          node
              + " runs without a supervisor: start it with `caplab"
              + " cluster --only "
              + node
              + "` on its host to fail/recover it from here";
      case PERMISSION_DENIED ->
          "the supervisor of "
              + node
              + " at "
              + address(node)
              + " refused: "
              + status.getDescription()
              + " (put the same admin_token in this config)";
      case DEADLINE_EXCEEDED ->
          "the supervisor of " + node + " at " + address(node) + " did not answer in time";
      default ->
          node
              + ": "
              + (status.getDescription() == null
                  ? status.getCode().name()
                  : status.getDescription());
    };
  }

  private <R, T> CompletableFuture<T> call(
      String node,
      Duration deadline,
      BiConsumer<SuperviseGrpc.SuperviseStub, StreamObserver<R>> start,
      Function<R, T> convert) {
    return channels.call(
        node,
        (channel, observer) ->
            start.accept(
                SuperviseGrpc.newStub(channel)
                    .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS),
                observer),
        convert);
  }

  private static NodeProcessInfo toInfo(NodeProcess p) {
    return new NodeProcessInfo(p.getNode(), p.getState(), p.getPid(), p.getExitCode());
  }

  @Override
  public void close() {
    channels.close();
  }
}
