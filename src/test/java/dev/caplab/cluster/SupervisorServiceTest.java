package dev.caplab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.caplab.client.SupervisorClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.proto.supervise.ListRequest;
import dev.caplab.proto.supervise.NodeList;
import dev.caplab.proto.supervise.NodeRequest;
import dev.caplab.proto.supervise.SuperviseGrpc;
import dev.caplab.server.AdminGuard;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Supervise service's guard and answers; no node process is started here. */
class SupervisorServiceTest {

  @TempDir Path dir;

  private Supervisor supervisor;
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void close() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private ClusterConfig config(String ip, String token) throws Exception {
    return ConfigLoader.parse(
        dir.resolve("lab.yaml"),
        """
        %s
        supervisor_port_offset: 100
        nodes:
          - {id: node_1, ip: 127.0.0.1, port: 16301}
          - {id: node_2, ip: %s, port: 16302}
        """
            .formatted(token.isEmpty() ? "" : "admin_token: " + token, ip));
  }

  /** A supervisor of node_2 alone, served in-process behind the guard for ip. */
  private void serve(String ip, String token) throws Exception {
    supervisor = new Supervisor(config("127.0.0.1", token), List.of("node_2"), dir);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new SupervisorGrpcService(
                    supervisor, AdminGuard.forService("supervisor", ip, token)))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  private SuperviseGrpc.SuperviseBlockingStub stub(String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(Metadata.Key.of("caplab-admin-token", Metadata.ASCII_STRING_MARSHALLER), token);
    }
    return SuperviseGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void offLoopbackEveryCallNeedsTheConfigsToken() throws Exception {
    serve("10.1.2.3", "s3cret");
    assertThatThrownBy(() -> stub(null).list(ListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "supervisor calls on 10.1.2.3 (not a loopback"
                          + " address) need the config's admin_token in the caplab-admin-token header");
            });
    assertThat(code(() -> stub("guess").fail(NodeRequest.newBuilder().setNode("node_2").build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            code(() -> stub("guess").recover(NodeRequest.newBuilder().setNode("node_2").build())))
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    NodeList list = stub("s3cret").list(ListRequest.getDefaultInstance());
    assertThat(list.getNodesList())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getNode()).isEqualTo("node_2");
              assertThat(n.getState()).isEqualTo("STOPPED");
            });
  }

  @Test
  void offLoopbackWithoutATokenInTheConfigNothingIsAllowed() throws Exception {
    serve("10.1.2.3", "");
    assertThatThrownBy(() -> stub("").list(ListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).contains("sets no admin_token");
            });
  }

  @Test
  void onLoopbackNoTokenIsNeeded() throws Exception {
    serve("127.0.0.2", "s3cret");
    assertThat(stub(null).list(ListRequest.getDefaultInstance()).getNodesCount()).isEqualTo(1);
  }

  @Test
  void aNodeOfAnotherHostIsNotThisSupervisorsToKill() throws Exception {
    serve("127.0.0.1", "");
    assertThatThrownBy(() -> stub(null).fail(NodeRequest.newBuilder().setNode("node_1").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.getStatus().getDescription())
                  .contains("node 'node_1' does not run under this supervisor", "[node_2]");
            });
  }

  @Test
  void watchStartsWithTheStateOfEveryNodeItRuns() throws Exception {
    serve("127.0.0.1", "");
    var states =
        stub(null)
            .withDeadlineAfter(5, java.util.concurrent.TimeUnit.SECONDS)
            .watch(ListRequest.getDefaultInstance());
    assertThat(states.hasNext()).isTrue();
    var first = states.next();
    assertThat(first.getNode()).isEqualTo("node_2");
    assertThat(first.getState()).isEqualTo("STOPPED");
    assertThat(first.getPid()).isZero();
    assertThat(first.getExitCode()).isEqualTo(-1);
  }

  /** Over the network, on a real address of this machine that is not loopback (when it has one). */
  @Test
  void aSupervisorOnARealNonLoopbackAddressRefusesAClientWithoutTheToken() throws Exception {
    Optional<String> ip = nonLoopbackAddress();
    assumeTrue(ip.isPresent(), "this machine has no non-loopback IPv4 address");
    ClusterConfig guarded = config(ip.get(), "s3cret");
    supervisor = new Supervisor(guarded, List.of("node_2"), dir);
    try (SupervisorServer served = SupervisorServer.start(supervisor);
        SupervisorClient withToken = new SupervisorClient(guarded);
        SupervisorClient without = new SupervisorClient(config(ip.get(), ""))) {
      assertThat(served.addresses()).containsExactly(ip.get() + ":16402");
      assertThatThrownBy(() -> without.list("node_2").join())
          .isInstanceOfSatisfying(
              CompletionException.class,
              e -> {
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(without.explain("node_2", e.getCause()))
                    .startsWith(
                        "the supervisor of node_2 at "
                            + ip.get()
                            + ":16402 refused: supervisor calls on "
                            + ip.get()
                            + " (not a loopback address) need");
              });
      assertThat(withToken.list("node_2").join())
          .singleElement()
          .satisfies(p -> assertThat(p.state()).isEqualTo("STOPPED"));
    }
  }

  private static Optional<String> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : nic.inetAddresses().toList()) {
        if (address instanceof Inet4Address
            && !address.isLoopbackAddress()
            && !address.isLinkLocalAddress()) {
          return Optional.of(address.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }
}
