package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import dev.caplab.core.KvException;
import dev.caplab.core.KvService;
import dev.caplab.core.MonotonicClock;
import dev.caplab.core.Replica;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.MessageHandler;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.twopc.CrashSwitch;
import dev.caplab.proto.admin.AdminGrpc;
import dev.caplab.proto.observe.ObservationGrpc;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node process: binds its port first (health NOT_SERVING), recovers its store, builds the
 * replica of the config's protocol, and reports SERVING once the replica has started. Lifecycle as
 * in grpc-java's examples: {@link #start}, {@link #stop}, {@link #blockUntilShutdown}. Thread-safe.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  static final int EVENT_BUFFER = 1 << 16;

  /** How long an armed crash waits, after reporting itself, before it halts the process. */
  private static final long CRASH_REPORT_MILLIS = 100;

  private final ClusterConfig config;
  private final NodeConfig self;
  private final Path dataDir;
  private final Protocol protocol;
  private final ServerFactory servers;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final ScheduledExecutorService scheduler;
  private final EventLog events;
  private final SlowDown slowDown;
  private final FaultRules faults;
  private final CrashSwitch crashSwitch;
  private final HealthStatusManager health = new HealthStatusManager();
  private GrpcTransport transport;
  private PeerGrpcService peerService;
  private Server server;
  private volatile DurableStore store;
  private volatile Replica replica;
  private volatile boolean serving;

  /** A node of config listening on its ip and port; its data lives in dataRoot/id. */
  public Node(ClusterConfig config, String id, Path dataRoot) {
    this(config, id, dataRoot, ServerFactory.NETTY);
  }

  /** As above, serving on the server that servers builds (tests: in-process). */
  public Node(ClusterConfig config, String id, Path dataRoot, ServerFactory servers) {
    this.config = config;
    this.servers = servers;
    this.self = config.node(id);
    this.dataDir = dataRoot.resolve(id);
    this.protocol = Protocols.forMode(config.mode());
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, id + "-scheduler");
              thread.setDaemon(true);
              return thread;
            });
    this.events = new EventLog(id, EVENT_BUFFER, Clock.systemUTC());
    this.slowDown = new SlowDown(scheduler, events);
    this.faults = new FaultRules(events, scheduler, Clock.systemUTC());
    this.crashSwitch = new CrashSwitch(events, () -> halt(id));
    // A slowed node stays observable and controllable.
    slowDown.exemptService(ObservationGrpc.SERVICE_NAME);
    slowDown.exemptService(AdminGrpc.SERVICE_NAME);
  }

  /**
   * Binds the port and recovers; returns once the store is open. Readiness follows on {@link
   * #ready()}.
   *
   * @throws PortInUseException when another process holds the port
   */
  public synchronized void start() throws IOException {
    events.emit(ProtocolEvent.nodeStatus("starting", "mode " + config.mode().name().toLowerCase()));
    transport = new GrpcTransport(config, self.id(), events, protocol.codec(), scheduler);
    transport.setFilter(faults);
    KvService gate = new ServingGate();
    MessageHandler peers = this::handlePeer;
    peerService =
        new PeerGrpcService(
            self.id(), events, protocol.codec(), peers, transport, slowDown, scheduler);
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(KeyValueStoreGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
    server =
        transport
            .sharingEventLoop(servers.builderFor(self))
            // Handlers never block (they return futures), so they run on the event loop: a thread
            // hand-off per
            // call costs more than the handler itself on a small machine.
            .directExecutor()
            .maxInboundMessageSize(config.maxMessageBytes())
            .addService(
                ServerInterceptors.intercept(
                    new StoreGrpcService(
                        gate, slowDown, events, config.maxKeyBytes(), config.maxValueBytes()),
                    slowDown.interceptor()))
            .addService(ServerInterceptors.intercept(peerService, slowDown.interceptor()))
            .addService(
                new ObservationGrpcService(
                    events,
                    new Inspector(
                        self.id(),
                        this::replica,
                        () -> Optional.ofNullable(store),
                        dataDir.resolve("node.log"),
                        slowDown::seconds),
                    scheduler,
                    Clock.systemUTC()))
            .addService(
                new AdminGrpcService(
                    faults,
                    slowDown,
                    AdminGuard.forBinding(self.ip(), config.adminToken()),
                    config.peersOf(self.id()).stream()
                        .map(NodeConfig::id)
                        .collect(Collectors.toSet()),
                    hasCrashPoints() ? Optional.of(crashSwitch) : Optional.empty()))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance())
            .build();
    try {
      server.start();
    } catch (IOException e) {
      closeQuietly();
      if (causedBy(e, "Cannot assign requested address")) {
        // Before portTaken: the JDK reports this as a BindException too, but no other process is to
        // blame.
        throw new IOException(
            self.ip()
                + " is not an address of this host, so node "
                + self.id()
                + " cannot listen"
                + " on "
                + self.address()
                + ": start it on the machine that has that address, or fix its `ip` in "
                + config.source(),
            e);
      }
      if (portTaken(e)) {
        throw new PortInUseException(self, config.source());
      }
      throw e;
    }
    LOG.info(
        "{} listening on {}:{} ({} mode), data in {}",
        self.id(),
        self.ip(),
        port(),
        config.mode(),
        dataDir);
    events.emit(ProtocolEvent.nodeStatus("recovering", "opening " + dataDir));
    try {
      store = DurableStore.open(dataDir.resolve("store"));
      // Leases and deadlines are durations: measured on a clock that no wall-clock step can move.
      replica =
          protocol.create(
              new NodeContext(
                  config,
                  self,
                  dataDir,
                  store,
                  transport,
                  events,
                  scheduler,
                  new MonotonicClock(),
                  crashSwitch));
    } catch (IOException | RuntimeException e) {
      stop();
      throw e;
    }
    LOG.info(
        "{} recovered {} keys; starting the {} replica", self.id(), store.size(), config.mode());
    replica
        .start()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.error("{} could not start its replica", self.id(), error);
                ready.completeExceptionally(error);
                return;
              }
              serving = true;
              health.setStatus("", ServingStatus.SERVING);
              health.setStatus(KeyValueStoreGrpc.SERVICE_NAME, ServingStatus.SERVING);
              LOG.info("{} is serving", self.id()); // the line cluster.Supervisor waits for
              ready.complete(null);
            });
  }

  /** Completes when the node serves; fails when its replica cannot start. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /** The bound port (differs from the config's only when that is 0). */
  public synchronized int port() {
    int bound = server == null ? -1 : server.getPort();
    return bound < 0 ? self.port() : bound; // an in-process server has no port
  }

  public NodeConfig self() {
    return self;
  }

  /** The slowDown setting shared with the admin service. */
  SlowDown slowDown() {
    return slowDown;
  }

  EventLog events() {
    return events;
  }

  GrpcTransport transport() {
    return transport;
  }

  Optional<Replica> replica() {
    return Optional.ofNullable(replica);
  }

  /**
   * Stops serving, lets running calls finish for a moment, then closes the replica and the store.
   */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    serving = false;
    health.enterTerminalState();
    server.shutdown();
    peerService.close(); // peers' streams never end on their own: shutdown would wait for them
    try {
      // Observation streams never end by themselves: give unary calls a moment, then cancel the
      // rest.
      if (!server.awaitTermination(300, TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    closeQuietly();
    LOG.info("{} stopped", self.id());
  }

  public void blockUntilShutdown() throws InterruptedException {
    Server running;
    synchronized (this) {
      running = server;
    }
    if (running != null) {
      running.awaitTermination();
    }
  }

  private void closeQuietly() {
    Replica r = replica;
    if (r != null) {
      r.close();
    }
    if (transport != null) {
      transport.close();
    }
    if (store != null) {
      try {
        store.close();
      } catch (IOException e) {
        LOG.warn("{}: closing the store failed: {}", self.id(), e.toString());
      }
    }
    scheduler.shutdownNow();
  }

  private CompletableFuture<Message> handlePeer(String from, Message message) {
    Replica r = replica;
    if (r == null) {
      return CompletableFuture.failedFuture(
          new KvException(
              KvException.Reason.UNAVAILABLE, self.id() + " is still opening its store"));
    }
    return r.handle(from, message);
  }

  /** Clients are answered UNAVAILABLE until the replica has recovered and caught up. */
  private final class ServingGate implements KvService {

    @Override
    public CompletableFuture<Void> put(String key, String value) {
      return serving ? replica.put(key, value) : CompletableFuture.failedFuture(recovering());
    }

    @Override
    public CompletableFuture<Optional<String>> get(String key) {
      return serving ? replica.get(key) : CompletableFuture.failedFuture(recovering());
    }

    private KvException recovering() {
      return new KvException(
          KvException.Reason.UNAVAILABLE, self.id() + " is recovering; retry shortly");
    }
  }

  /** Only a centralized master has a commit to crash in. */
  private boolean hasCrashPoints() {
    return config.mode() == Mode.CENTRALIZED && self.role() == Role.MASTER;
  }

  /**
   * An armed crash fired: stop like SIGKILL (no shutdown hooks, nothing flushed), after a moment
   * that lets open watch streams carry the "crashing" event out, so the lab sees why the node
   * vanished.
   */
  private static void halt(String id) {
    LOG.warn("{} crashing on purpose (an admin call armed it)", id);
    try {
      Thread.sleep(CRASH_REPORT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Runtime.getRuntime().halt(137);
  }

  /** Netty's epoll transport reports a taken port as a native error, not as a BindException. */
  private static boolean causedBy(Throwable error, String text) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean portTaken(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
