package dev.caplab.ui;

import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import dev.caplab.lesson.ComparePair;
import dev.caplab.lesson.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One cluster of the Compare view: its nodes (status from the supervisor and from the nodes' own
 * reports), its faults, its load, its charts and its verdict, each the lab's own view-model over
 * this cluster's history. All methods run on the FX thread; the cluster's events and results arrive
 * through this side's {@link FxInbox}.
 */
final class CompareSide {

  /** How many complete seconds the caption sums up. */
  static final int CAPTION_SECONDS = 3;

  private final ClusterConfig config;
  private final FxInbox inbox;
  private final OpLog opLog = new OpLog(System::nanoTime);
  private final ObservableList<NodeViewModel> nodes = FXCollections.observableArrayList();
  private final Map<String, NodeViewModel> byId = new LinkedHashMap<>();
  private final NodeActions actions;
  private final ChartsViewModel charts;
  private final LoadViewModel load;
  private final HistoryJudge judge;
  private final VerdictViewModel verdict;
  private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper captionDetail = new ReadOnlyStringWrapper("");
  private ClusterGateway gateway;
  private boolean running;

  /** config: as written, with the ports this side runs on. */
  CompareSide(ClusterConfig config, Executor fx, Duration frame, Consumer<String> message) {
    this.config = config;
    this.inbox = new FxInbox(fx, frame, System::nanoTime, new Events());
    for (NodeConfig n : config.nodes()) {
      byId.put(n.id(), new NodeViewModel(n));
    }
    nodes.setAll(byId.values());
    // A fault hits both sides at once and the view says so in one line; here only a failure is
    // worth a message.
    Consumer<String> failures =
        text -> {
          if (text.contains(" failed: ") || text.startsWith("Start the cluster")) {
            message.accept(text);
          }
        };
    this.actions =
        new NodeActions(inbox, this::gateway, id -> Optional.ofNullable(byId.get(id)), failures);
    this.charts = new ChartsViewModel(opLog, () -> running);
    actions.onDone(charts::nodeAction);
    this.load = new LoadViewModel(this::gateway, config::ids, opLog, m -> {});
    // The verdict view-model highlights a violation's operations in a console; this view has none
    // to show.
    ConsoleViewModel console = new ConsoleViewModel(inbox, this::gateway, opLog);
    this.verdict = new VerdictViewModel(console, refs -> {}, message);
    this.judge = new HistoryJudge();
    opLog.addListener(judge);
    verdict.textProperty().addListener((obs, was, now) -> updateCaption());
  }

  ClusterConfig config() {
    return config;
  }

  /** "Centralized: two-phase commit", the column's heading. */
  String title() {
    return config.mode() == Mode.CENTRALIZED
        ? "Centralized · two-phase commit (master + 2 slaves)"
        : "Decentralized · weighted quorums (write "
            + config.writeQuorum()
            + " of "
            + config.totalWeight()
            + " votes, read "
            + config.readQuorum()
            + ")";
  }

  /** "centralized" or "decentralized": ids and file names. */
  String name() {
    return config.mode().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** "ports 32780-32782". */
  String ports() {
    return "ports " + ComparePair.ports(config);
  }

  ObservableList<NodeViewModel> nodes() {
    return nodes;
  }

  Optional<NodeViewModel> node(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The node that plays the role here: the master or a slave; node_1 or a weight-1 node. */
  String nodeOf(NodeRole role) {
    return role.nodeIn(config);
  }

  NodeActions actions() {
    return actions;
  }

  ChartsViewModel charts() {
    return charts;
  }

  LoadViewModel load() {
    return load;
  }

  VerdictViewModel verdict() {
    return verdict;
  }

  /**
   * One line in plain words on what this cluster does right now: which operations still succeed.
   */
  ReadOnlyStringProperty captionProperty() {
    return caption.getReadOnlyProperty();
  }

  /** The caption with its figures, for the tooltip. */
  ReadOnlyStringProperty captionDetailProperty() {
    return captionDetail.getReadOnlyProperty();
  }

  // Commands

  /** Opens the cluster and starts its processes; the future completes on the FX thread. */
  CompletableFuture<Void> start(ClusterGateway.Factory factory, Path dataDir, Executor background) {
    opLog.reset();
    judge.reset();
    verdict.reset();
    charts.reset();
    running = true;
    caption.set("");
    nodes.forEach(n -> n.onProcess(NodeProcessState.STARTING));
    ClusterGateway.ProcessListener processes =
        new ClusterGateway.ProcessListener() {
          @Override
          public void onProcess(String node, NodeProcessState state) {
            long wall = System.currentTimeMillis();
            inbox.post(() -> node(node).ifPresent(n -> n.onProcess(state, wall)));
          }

          @Override
          public void onStartFailed(String node, String reason) {
            inbox.post(() -> node(node).ifPresent(n -> n.onStartFailed(reason)));
          }
        };
    CompletableFuture<Void> done = new CompletableFuture<>();
    inbox.deliver(
        CompletableFuture.supplyAsync(
            () -> factory.open(config, dataDir, inbox, inbox::post, processes), background),
        (opened, error) -> {
          if (error != null) {
            done.completeExceptionally(error);
            return;
          }
          gateway = opened;
          inbox.deliver(
              opened.startAll(),
              (v, startError) -> {
                if (startError != null) {
                  done.completeExceptionally(startError);
                } else {
                  done.complete(null);
                }
              });
        });
    return done;
  }

  /** Stops the load and every node process; the future completes on the FX thread. */
  CompletableFuture<Void> stop() {
    load.stop();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ClusterGateway g = gateway;
    gateway = null;
    if (g == null) {
      running = false;
      done.complete(null);
      return done;
    }
    inbox.deliver(
        g.stopAll(),
        (v, error) -> {
          running = false;
          nodes.forEach(
              n -> {
                n.onProcess(NodeProcessState.STOPPED);
                n.setIsolated(false);
              });
          done.complete(null);
        });
    return done;
  }

  /** Stops the nodes without the FX thread, for application exit. */
  CompletableFuture<Void> detach() {
    load.stop();
    ClusterGateway g = gateway;
    gateway = null;
    return g == null ? CompletableFuture.completedFuture(null) : g.stopAll();
  }

  void tick(long nowNanos) {
    nodes.forEach(n -> n.tick(nowNanos));
    load.tick(nowNanos);
    ChartsViewModel.Window before = charts.windowProperty().get();
    judge.take().ifPresent(this::showJudged);
    charts.tick(nowNanos);
    if (charts.windowProperty().get() != before) {
      updateCaption();
    }
  }

  private Optional<ClusterGateway> gateway() {
    return Optional.ofNullable(gateway);
  }

  private void updateCaption() {
    List<ChartBuckets.Second> seconds = charts.windowProperty().get().seconds();
    List<ChartBuckets.Second> recent =
        seconds.subList(Math.max(0, seconds.size() - CAPTION_SECONDS), seconds.size());
    CompareCaption.Text text = CompareCaption.of(recent, verdict.stateProperty().get());
    caption.set(text.line());
    captionDetail.set(text.detail());
  }

  /**
   * This cluster's events, on the FX thread: the nodes' own status reports and the master's view of
   * its slaves.
   */
  private final class Events implements EventListener {

    @Override
    public void onEvents(List<NodeEvent> batch) {
      for (NodeEvent e : batch) {
        NodeViewModel n = byId.get(e.node());
        if (n == null) {
          continue;
        }
        if (e.type().equals("NODE_STATUS")) {
          n.onReported(e.label(), e.detail(), e.wallMillis());
        } else if (e.type().equals("STATE") && e.txId().isEmpty() && byId.containsKey(e.peer())) {
          byId.get(e.peer()).onMembership(e.label(), e.detail(), e.wallMillis());
        }
      }
    }

    @Override
    public void onConnection(String node, boolean connected) {
      node(node).ifPresent(n -> n.onStreaming(connected));
    }

    @Override
    public void onGap(String node, long fromSeq, long toSeq) {
      // Only statuses are taken from the stream here; the next report sets them right.
    }
  }

  private void showJudged(HistoryJudge.Published p) {
    verdict.show(p.judged());
    charts.staleReads(p.staleReads());
  }
}
