package dev.caplab.client;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.proto.admin.AdminGrpc;
import dev.caplab.proto.admin.CrashRequest;
import dev.caplab.proto.admin.CrashState;
import dev.caplab.proto.admin.Empty;
import dev.caplab.proto.admin.FaultRule;
import dev.caplab.proto.admin.HeldMessage;
import dev.caplab.proto.admin.HeldMessages;
import dev.caplab.proto.admin.HeldRequest;
import dev.caplab.proto.admin.HoldRequest;
import dev.caplab.proto.admin.PeerRequest;
import dev.caplab.proto.admin.Rules;
import dev.caplab.proto.admin.SlowRequest;
import dev.caplab.proto.admin.SlowState;
import dev.caplab.proto.observe.InspectRequest;
import dev.caplab.proto.observe.NodeState;
import dev.caplab.proto.observe.ObservationGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Fault control and inspection of every node of a cluster (the Admin and Observation services), one
 * channel per node. Thread-safe; never blocks: futures complete on gRPC threads and fail with the
 * {@link io.grpc.StatusRuntimeException} the node answered (PERMISSION_DENIED without the admin
 * token on a non-loopback node) or DEADLINE_EXCEEDED.
 */
public final class AdminClient implements AutoCloseable {

  static final String TOKEN_HEADER = "caplab-admin-token";
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  /** A fault rule on the messages one node sends to peer. */
  public record Rule(String peer, int delayMillis, int jitterMillis, boolean drop) {}

  /** A message waiting in hold mode; id releases or drops it. */
  public record Held(
      long id,
      String to,
      String type,
      String key,
      String txId,
      String version,
      long heldSinceMillis) {}

  /**
   * A node's hold queue; affected = messages the call released or dropped; passTypes go on unheld.
   */
  public record HoldState(boolean hold, List<Held> messages, int affected, List<String> passTypes) {
    public HoldState {
      messages = List.copyOf(messages);
      passTypes = List.copyOf(passTypes);
    }
  }

  private final NodeChannels channels;

  /** Sends the config's admin_token (when set) with every admin call. */
  public AdminClient(ClusterConfig config) {
    this(
        config,
        node -> NettyChannelBuilder.forAddress(node.ip(), node.port()).usePlaintext().build());
  }

  /**
   * As above, over the channels open makes, one per node (tests: in-process); {@link #close} closes
   * them.
   */
  public AdminClient(ClusterConfig config, Function<NodeConfig, ManagedChannel> open) {
    channels = new NodeChannels(config, config.adminToken(), open);
  }

  // Inspection

  /**
   * The node's status, up to maxKeys entries (0: 1000), its transactions and logLines of its log
   * (0: 50).
   */
  public CompletableFuture<NodeSnapshot> inspect(String node, int maxKeys, int logLines) {
    InspectRequest request =
        InspectRequest.newBuilder().setMaxKeys(maxKeys).setLogLines(logLines).build();
    return call(
        node,
        (channel, observer) ->
            ObservationGrpc.newStub(channel)
                .withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS)
                .inspect(request, observer),
        AdminClient::toSnapshot);
  }

  // Fault rules

  /**
   * Messages from node to peer are delayed by delayMillis plus up to jitterMillis; drop loses them.
   */
  public CompletableFuture<List<Rule>> setRule(String node, Rule rule) {
    FaultRule request =
        FaultRule.newBuilder()
            .setPeer(rule.peer())
            .setDelayMs(rule.delayMillis())
            .setJitterMs(rule.jitterMillis())
            .setDrop(rule.drop())
            .build();
    return admin(node, (stub, observer) -> stub.setRule(request, observer), AdminClient::toRules);
  }

  /** Removes node's rule for peer; an empty peer removes all of node's rules. */
  public CompletableFuture<List<Rule>> clearRule(String node, String peer) {
    PeerRequest request = PeerRequest.newBuilder().setPeer(peer).build();
    return admin(node, (stub, observer) -> stub.clearRule(request, observer), AdminClient::toRules);
  }

  public CompletableFuture<List<Rule>> rules(String node) {
    return admin(
        node,
        (stub, observer) -> stub.listRules(Empty.getDefaultInstance(), observer),
        AdminClient::toRules);
  }

  /** Cuts the link between a and b both ways: each drops what it sends to the other. */
  public CompletableFuture<Void> partition(String a, String b) {
    return CompletableFuture.allOf(
        setRule(a, new Rule(b, 0, 0, true)), setRule(b, new Rule(a, 0, 0, true)));
  }

  /** Removes both sides' rules for the link between a and b. */
  public CompletableFuture<Void> heal(String a, String b) {
    return CompletableFuture.allOf(clearRule(a, b), clearRule(b, a));
  }

  // Slow down

  /** Returns the node's slowDown in seconds after the call. */
  public CompletableFuture<Integer> slowDown(String node, int seconds) {
    SlowRequest request = SlowRequest.newBuilder().setSeconds(seconds).build();
    return admin(node, (stub, observer) -> stub.slowDown(request, observer), SlowState::getSeconds);
  }

  public CompletableFuture<Integer> restore(String node) {
    return admin(
        node,
        (stub, observer) -> stub.restore(Empty.getDefaultInstance(), observer),
        SlowState::getSeconds);
  }

  // Hold mode

  /** Turning hold off releases every held message. */
  public CompletableFuture<HoldState> setHold(String node, boolean on) {
    return setHold(node, on, Set.of());
  }

  /**
   * As {@link #setHold(String, boolean)}; messages of passTypes (e.g. lease, probe) are never held.
   */
  public CompletableFuture<HoldState> setHold(String node, boolean on, Set<String> passTypes) {
    HoldRequest request =
        HoldRequest.newBuilder()
            .setOn(on)
            .addAllPassTypes(passTypes.stream().sorted().toList())
            .build();
    return admin(
        node, (stub, observer) -> stub.setHold(request, observer), AdminClient::toHoldState);
  }

  public CompletableFuture<HoldState> held(String node) {
    return admin(
        node,
        (stub, observer) -> stub.listHeld(Empty.getDefaultInstance(), observer),
        AdminClient::toHoldState);
  }

  /** Sends held message id (0: all of them). */
  public CompletableFuture<HoldState> release(String node, long id) {
    HeldRequest request = HeldRequest.newBuilder().setId(id).build();
    return admin(
        node, (stub, observer) -> stub.release(request, observer), AdminClient::toHoldState);
  }

  /** Loses held message id (0: all of them). */
  public CompletableFuture<HoldState> dropHeld(String node, long id) {
    HeldRequest request = HeldRequest.newBuilder().setId(id).build();
    return admin(
        node, (stub, observer) -> stub.dropHeld(request, observer), AdminClient::toHoldState);
  }

  // Crash points

  /**
   * Arms the master to halt at a named point of its next commit (after-prepare, after-commit); an
   * empty point disarms. Returns the armed point, empty when none. Fails on a node without crash
   * points.
   */
  public CompletableFuture<String> armCrash(String node, String point) {
    CrashRequest request = CrashRequest.newBuilder().setPoint(point).build();
    return admin(node, (stub, observer) -> stub.armCrash(request, observer), CrashState::getArmed);
  }

  private <R, T> CompletableFuture<T> admin(
      String node,
      BiConsumer<AdminGrpc.AdminStub, StreamObserver<R>> start,
      Function<R, T> convert) {
    return call(
        node,
        (channel, observer) ->
            start.accept(
                AdminGrpc.newStub(channel)
                    .withDeadlineAfter(DEADLINE.toNanos(), TimeUnit.NANOSECONDS),
                observer),
        convert);
  }

  private <R, T> CompletableFuture<T> call(
      String node, BiConsumer<Channel, StreamObserver<R>> start, Function<R, T> convert) {
    return channels.call(node, start, convert);
  }

  private static List<Rule> toRules(Rules rules) {
    return rules.getRulesList().stream()
        .map(r -> new Rule(r.getPeer(), r.getDelayMs(), r.getJitterMs(), r.getDrop()))
        .toList();
  }

  private static HoldState toHoldState(HeldMessages held) {
    List<Held> messages = held.getMessagesList().stream().map(AdminClient::toHeld).toList();
    return new HoldState(held.getHold(), messages, held.getAffected(), held.getPassTypesList());
  }

  private static Held toHeld(HeldMessage m) {
    return new Held(
        m.getId(),
        m.getTo(),
        m.getType(),
        m.getKey(),
        m.getTxId(),
        m.getVersion(),
        m.getHeldSinceMillis());
  }

  private static NodeSnapshot toSnapshot(NodeState s) {
    return new NodeSnapshot(
        s.getNode(),
        s.getStatus(),
        s.getKeyCount(),
        s.getEntriesList().stream()
            .map(e -> new NodeSnapshot.Entry(e.getKey(), e.getValue(), e.getVersion()))
            .toList(),
        s.getTransactionsList().stream()
            .map(
                t ->
                    new NodeSnapshot.Transaction(
                        t.getTxId(), t.getKey(), t.getState(), t.getDetail()))
            .toList(),
        s.getLogTailList(),
        s.getLastSeq(),
        s.getSlowSeconds());
  }

  @Override
  public void close() {
    channels.close();
  }
}
