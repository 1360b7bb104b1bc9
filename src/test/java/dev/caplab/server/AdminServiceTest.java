package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.client.AdminClient;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.proto.admin.AdminGrpc;
import dev.caplab.proto.admin.Empty;
import dev.caplab.proto.admin.FaultRule;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServiceTest {

  @TempDir Path dir;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
    scheduler.shutdownNow();
  }

  @Test
  void offLoopbackOnlyTheConfiguredTokenIsLetThrough() throws Exception {
    serveAdmin(AdminGuard.forBinding("10.1.2.3", "s3cret"));

    assertThat(denial(null)).contains("need the config's admin_token");
    assertThat(denial("guess")).contains("need the config's admin_token");
    assertThat(stub("s3cret").listRules(Empty.getDefaultInstance()).getRulesList()).isEmpty();
  }

  @Test
  void offLoopbackWithoutAConfiguredTokenEverythingIsRefused() throws Exception {
    serveAdmin(AdminGuard.forBinding("10.1.2.3", ""));

    assertThat(denial("")).contains("sets no admin_token");
  }

  @Test
  void onLoopbackNoTokenIsNeeded() throws Exception {
    serveAdmin(AdminGuard.forBinding("127.0.0.1", "s3cret"));

    assertThat(
            stub(null)
                .setRule(FaultRule.newBuilder().setPeer("slave_1").setDrop(true).build())
                .getRulesList())
        .extracting(FaultRule::getPeer)
        .containsExactly("slave_1");
  }

  @Test
  void rulesNameKnownPeersOnly() throws Exception {
    serveAdmin(AdminGuard.forBinding("127.0.0.1", ""));

    assertThatThrownBy(() -> stub(null).setRule(FaultRule.newBuilder().setPeer("slave_9").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("slave_9", "slave_1");
            });
  }

  @Test
  void adminClientSlowsARealNodeAndTheInspectorShowsIt() throws Exception {
    ClusterConfig config = twoNodes();
    Node node = inProcessNode(config, "master");
    try (AdminClient admin = inProcessAdmin(config)) {
      assertThat(admin.slowDown("master", 2).join()).isEqualTo(2);
      assertThat(admin.inspect("master", 0, 0).join())
          .extracting(NodeSnapshot::slowSeconds)
          .isEqualTo(2);
      assertThat(admin.restore("master").join()).isZero();

      assertThat(admin.setRule("master", new AdminClient.Rule("slave_1", 100, 20, false)).join())
          .containsExactly(new AdminClient.Rule("slave_1", 100, 20, false));
      assertThat(admin.clearRule("master", "").join()).isEmpty();
      assertThat(admin.setHold("master", true).join().hold()).isTrue();
      assertThat(
              admin.setHold("master", true, java.util.Set.of("lease", "probe")).join().passTypes())
          .containsExactly("lease", "probe");
      assertThat(admin.held("master").join().messages()).isEmpty();

      assertThatThrownBy(() -> admin.slowDown("master", -1).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    } finally {
      node.stop();
    }
  }

  @Test
  void onlyTheMasterCanBeArmedToCrashAndArmingShowsInItsEvents() throws Exception {
    ClusterConfig config = twoNodes();
    Node master = inProcessNode(config, "master");
    Node slave = inProcessNode(config, "slave_1");
    try (AdminClient admin = inProcessAdmin(config)) {
      assertThat(admin.armCrash("master", "after-prepare").join()).isEqualTo("after-prepare");
      assertThat(admin.armCrash("master", "").join()).isEmpty();
      assertThat(master.events().since(0, 1000))
          .extracting(e -> e.event().label())
          .containsSubsequence("crash-armed", "crash-disarmed");

      assertThatThrownBy(() -> admin.armCrash("master", "before-lunch").join())
          .cause()
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("after-prepare, after-commit");
              });
      assertThatThrownBy(() -> admin.armCrash("slave_1", "after-prepare").join())
          .cause()
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
    } finally {
      slave.stop();
      master.stop();
    }
  }

  /** A centralized pair; its ports are never bound, since the nodes here serve in-process. */
  private ClusterConfig twoNodes() throws Exception {
    return ConfigLoader.load(
        Files.writeString(
            dir.resolve("two.yaml"),
            """
        master: {ip: 127.0.0.1, port: 18001}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 18002}
        """));
  }

  private Node inProcessNode(ClusterConfig config, String id) throws Exception {
    Node node =
        new Node(
            config,
            id,
            dir.resolve("data"),
            self -> InProcessServerBuilder.forName(inProcessName(self.id())));
    node.start();
    return node;
  }

  private AdminClient inProcessAdmin(ClusterConfig config) {
    return new AdminClient(
        config,
        n -> InProcessChannelBuilder.forName(inProcessName(n.id())).directExecutor().build());
  }

  private String inProcessName(String id) {
    return dir + "/" + id; // unique per test: every test has its own directory
  }

  private void serveAdmin(AdminGuard guard) throws Exception {
    EventLog events = new EventLog("master", 64, Clock.systemUTC());
    AdminGrpcService service =
        new AdminGrpcService(
            new FaultRules(events, scheduler, Clock.systemUTC()),
            new SlowDown(scheduler, events),
            guard,
            Set.of("slave_1", "slave_2"),
            Optional.empty());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  private AdminGrpc.AdminBlockingStub stub(String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AdminGuard.TOKEN, token);
    }
    return AdminGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The description of the PERMISSION_DENIED a listRules call with token gets. */
  private String denial(String token) {
    try {
      stub(token).listRules(Empty.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
      return e.getStatus().getDescription();
    }
    throw new AssertionError("expected PERMISSION_DENIED");
  }
}
