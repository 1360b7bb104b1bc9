package dev.caplab.ui;

import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The lab as a whole: which config is loaded, the cluster's life, its nodes and the child
 * view-models, fed by the cluster's events. All methods run on the FX thread; everything from other
 * threads arrives through one {@link FxInbox}.
 */
final class LabViewModel {

  /** The diagram takes new events ten times a second. */
  static final long LIST_FLUSH_NANOS = 100_000_000L;

  /**
   * The event table four times a second: a table that scrolls faster cannot be read anyway, and
   * each flush relays and restyles every visible row.
   */
  static final long TABLE_FLUSH_NANOS = 250_000_000L;

  private final FxInbox inbox;
  private final Events fxEvents = new Events();
  private final Executor background;
  private final ClusterGateway.Factory factory;
  private final ClusterGateway.Factory attachFactory;
  private final ReadOnlyBooleanWrapper attached = new ReadOnlyBooleanWrapper();
  private final Path dataRoot;
  private final ReadOnlyObjectWrapper<ClusterPhase> phase =
      new ReadOnlyObjectWrapper<>(ClusterPhase.IDLE);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
  private final ObservableList<NodeViewModel> nodes = FXCollections.observableArrayList();
  private final ObservableList<NodeViewModel> readOnlyNodes =
      FXCollections.unmodifiableObservableList(nodes);
  private final Map<String, NodeViewModel> byId = new LinkedHashMap<>();
  private final ReadOnlyObjectWrapper<NodeViewModel> selected = new ReadOnlyObjectWrapper<>();
  private final MessageFlow flow = new MessageFlow();
  private final SeqGate inStep = new SeqGate();
  private final EventLogViewModel eventLog = new EventLogViewModel();
  private final InspectorViewModel inspector = new InspectorViewModel();
  private final TimelineViewModel timeline = new TimelineViewModel();
  private final OpLog opLog = new OpLog(System::nanoTime);
  private final ConsoleViewModel console;
  private final StepModeViewModel step;
  private final LoadViewModel load;
  private final SettingsViewModel settings;
  private final VerdictViewModel verdict;
  private final HistoryJudge judge;
  private final ChartsViewModel charts;
  private final InDoubtViewModel inDoubt =
      new InDoubtViewModel(System::currentTimeMillis, message::set);
  private final ObservableSet<String> highlight = FXCollections.observableSet();
  private final LessonRecorder lessonRecorder = new LessonRecorder(System::nanoTime);
  private final LessonViewModel lesson;
  private final ConfigPicker picker;
  private final NodeActions actions;
  private final Poller poller;
  private final TraceRecorder recorder = new TraceRecorder();
  private final ReadOnlyBooleanWrapper replaying = new ReadOnlyBooleanWrapper();
  private ClusterGateway gateway;
  private long lastListFlush;
  private long lastTableFlush;
  private final Executor fx;
  private final Duration frame;
  private CompareViewModel compare; // made when the Compare view first opens
  private Replay replay;

  /** A trace waiting for its config to load before it plays. */
  private List<NodeEvent> pendingReplay;

  private Path pendingReplayFile;
  private long lastReplayTick;
  private final LinkFaultsViewModel links;
  private final QuorumViewModel quorum = new QuorumViewModel();
  private String explainedStaleRead = "";

  LabViewModel(
      Executor fx,
      Duration frame,
      Executor background,
      ClusterGateway.Factory factory,
      Path dataRoot) {
    this(fx, frame, background, factory, AttachedCluster::open, dataRoot);
  }

  /** attachFactory opens a gateway to nodes that already run elsewhere (Attach). */
  LabViewModel(
      Executor fx,
      Duration frame,
      Executor background,
      ClusterGateway.Factory factory,
      ClusterGateway.Factory attachFactory,
      Path dataRoot) {
    this.inbox = new FxInbox(fx, frame, System::nanoTime, fxEvents);
    this.fx = fx;
    this.frame = frame;
    this.background = background;
    this.factory = factory;
    this.attachFactory = attachFactory;
    this.dataRoot = dataRoot;
    this.console = new ConsoleViewModel(inbox, this::gateway, opLog);
    this.picker = new ConfigPicker(inbox, background, this::showConfig, this::showInvalid);
    this.actions = new NodeActions(inbox, this::gateway, this::node, message::set);
    this.poller = new Poller(inbox, this::gateway, inspector, inStep);
    this.step = new StepModeViewModel(inbox, this::gateway, message::set);
    this.verdict =
        new VerdictViewModel(
            console,
            refs ->
                timeline.highlight(
                    refs.stream().flatMap(ref -> opLog.where(ref).stream()).toList()),
            message::set);
    this.judge = new HistoryJudge();
    opLog.addListener(judge);
    opLog.addListener(recorder);
    this.charts = new ChartsViewModel(opLog, () -> phase.get() != ClusterPhase.IDLE);
    verdict.lastProperty().addListener((obs, was, now) -> explainStaleRead(now));
    this.links = new LinkFaultsViewModel(inbox, this::gateway, message::set);
    links.onDone(charts::linkAction);
    actions.onDone(
        (node, pending) -> {
          charts.nodeAction(node, pending);
          links.refreshNow(
              nodes); // an isolate or heal changed the node's links: show it without waiting for a
          // poll
        });
    step.onProperty().addListener((obs, was, on) -> charts.stepMode(on));
    this.settings =
        new SettingsViewModel(inbox, background, dataRoot.resolve("settings"), this::loadConfig);
    this.load =
        new LoadViewModel(
            this::gateway,
            () -> nodes.stream().map(NodeViewModel::id).toList(),
            opLog,
            message::set);
    eventLog.showBackgroundProperty().bind(flow.showBackgroundProperty());
    phase.addListener((obs, was, now) -> console.setAvailable(now == ClusterPhase.RUNNING));
    timeline.showBackgroundProperty().bind(flow.showBackgroundProperty());
    console.recordTo(lessonRecorder);
    actions.recordTo(lessonRecorder::record);
    step.recordTo(lessonRecorder::record);
    load.recordTo(lessonRecorder::record);
    this.lesson = new LessonViewModel(this, inbox, background, dataRoot.resolve("lessons"));
  }

  ConfigPicker picker() {
    return picker;
  }

  /** The loaded config; null while none is valid. */
  ReadOnlyObjectProperty<ClusterConfig> configProperty() {
    return picker.configProperty();
  }

  /** Whether a saved trace is being played back (no cluster runs meanwhile). */
  ReadOnlyBooleanProperty replayingProperty() {
    return replaying.getReadOnlyProperty();
  }

  TraceRecorder recorder() {
    return recorder;
  }

  ReadOnlyObjectProperty<ClusterPhase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  /** One line about the latest thing the lab did or failed to do. */
  ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /**
   * True while the lab drives nodes it attached to (they run on their own hosts) rather than
   * started.
   */
  ReadOnlyBooleanProperty attachedProperty() {
    return attached.getReadOnlyProperty();
  }

  /** "2 of 3 serving" while the cluster runs. */
  ReadOnlyStringProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  ObservableList<NodeViewModel> nodes() {
    return readOnlyNodes;
  }

  ReadOnlyObjectProperty<NodeViewModel> selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  Optional<NodeViewModel> node(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  MessageFlow flow() {
    return flow;
  }

  EventLogViewModel eventLog() {
    return eventLog;
  }

  InspectorViewModel inspector() {
    return inspector;
  }

  TimelineViewModel timeline() {
    return timeline;
  }

  /** Faults of single links, as the nodes report them. */
  LinkFaultsViewModel links() {
    return links;
  }

  /** The quorum overlay of decentralized mode. */
  QuorumViewModel quorum() {
    return quorum;
  }

  ConsoleViewModel console() {
    return console;
  }

  NodeActions actions() {
    return actions;
  }

  /** Every client operation the GUI issued since Start. */
  OpLog opLog() {
    return opLog;
  }

  VerdictViewModel verdict() {
    return verdict;
  }

  ChartsViewModel charts() {
    return charts;
  }

  SettingsViewModel settings() {
    return settings;
  }

  LoadViewModel load() {
    return load;
  }

  StepModeViewModel step() {
    return step;
  }

  InDoubtViewModel inDoubt() {
    return inDoubt;
  }

  /**
   * The Compare view's two clusters, made on first use (its configs are written under the data
   * directory's compare/ folder); empty, with a message saying why, when the bundled configs cannot
   * be read.
   */
  Optional<CompareViewModel> compare() {
    if (compare == null) {
      try {
        compare =
            CompareViewModel.bundled(
                fx, frame, background, factory, dataRoot.resolve("compare"), 0);
      } catch (Exception e) {
        message.set("Could not open the Compare view: " + e.getMessage());
      }
    }
    return Optional.ofNullable(compare);
  }

  /** Nodes ("slave_1") and links ("master--slave_1") a lesson points at; drawn highlighted. */
  ObservableSet<String> highlight() {
    return highlight;
  }

  LessonViewModel lesson() {
    return lesson;
  }

  LessonRecorder lessonRecorder() {
    return lessonRecorder;
  }

  /** Time the FX thread spent on arriving events and results (for the frame-time benchmark). */
  long inboxBusyNanos() {
    return inbox.busyNanos();
  }

  /** Where observer events enter; thread-safe. */
  EventListener events() {
    return inbox;
  }

  // Commands

  /** Offers the YAML files of a directory in the picker. */
  void scanConfigs(Path dir) {
    picker.scan(dir);
  }

  /** Loads a config, unless a cluster runs (its nodes belong to the current one). */
  void loadConfig(Path file) {
    if (phase.get() != ClusterPhase.IDLE) {
      message.set("Stop the cluster before switching to another config.");
      return;
    }
    picker.load(file);
  }

  void start() {
    open(factory, false);
  }

  /**
   * Drives the config's nodes where they already run (started on their hosts by `caplab cluster
   * --only` or `caplab node`) instead of starting them: everything works as after Start,
   * Fail/Recover through each node's supervisor when it has one, and Stop only detaches.
   */
  void attach() {
    open(attachFactory, true);
  }

  /**
   * Shows a cluster whose processes something else started and stops (a lesson's), through gateways
   * of factory: the diagram, event log, charts, inspector and controls work on it as on one started
   * here.
   */
  void showLesson(ClusterConfig c, ClusterGateway.Factory lessonGateways) {
    if (phase.get() != ClusterPhase.IDLE) {
      return;
    }
    picker.show(c);
    open(lessonGateways, false);
  }

  private void open(ClusterGateway.Factory opener, boolean attach) {
    ClusterConfig c = picker.configProperty().get();
    if (c == null || phase.get() != ClusterPhase.IDLE) {
      return;
    }
    phase.set(ClusterPhase.STARTING);
    attached.set(attach);
    stopReplay();
    recorder.reset();
    opLog.reset();
    judge.reset();
    verdict.reset();
    charts.reset();
    message.set(
        attach
            ? "Attaching to " + c.nodes().size() + " nodes at " + hosts(c) + "…"
            : "Starting " + c.nodes().size() + " node processes…");
    long pressed = System.nanoTime();
    if (!attach) {
      // Starting from now: launching the JVMs (and, once per build, making their class archive)
      // takes a while.
      nodes.forEach(n -> n.onProcess(NodeProcessState.STARTING));
      if (selected.get() != null) {
        inspector.starting(selected.get().id());
      }
    }
    flow.reset(weights(c));
    links.reset();
    resetQuorum(c);
    explainedStaleRead = "";
    inStep.reset();
    eventLog.reset(c.ids());
    timeline.reset(c.ids());
    Path dataDir = dataRoot.resolve(baseName(picker.pathProperty().get()));
    ClusterGateway.ProcessListener processes =
        new ClusterGateway.ProcessListener() {
          @Override
          public void onProcess(String node, NodeProcessState state) {
            long wall = System.currentTimeMillis();
            inbox.post(() -> LabViewModel.this.onProcess(node, state, wall));
          }

          @Override
          public void onStartFailed(String node, String reason) {
            inbox.post(() -> node(node).ifPresent(n -> n.onStartFailed(reason)));
          }
        };
    // The observer's batches run through the inbox too, so they reach the FX thread one at a time.
    inbox.deliver(
        CompletableFuture.supplyAsync(
            () -> opener.open(c, dataDir, fxEvents, inbox::post, processes), background),
        (opened, error) -> {
          if (error != null) {
            phase.set(ClusterPhase.IDLE);
            attached.set(false);
            message.set(
                (attach ? "Could not attach: " : "Could not start the cluster: ")
                    + error.getMessage());
            return;
          }
          gateway = opened;
          NodeViewModel shown = selected.get();
          if (shown != null) {
            inspector.show(shown.id(), true);
            poller.pollNow(shown);
          }
          inbox.deliver(
              opened.startAll(),
              (v, startError) -> {
                if (phase.get() != ClusterPhase.STARTING) {
                  return;
                }
                phase.set(ClusterPhase.RUNNING);
                if (attach) {
                  message.set(attachedSummary(c));
                  return;
                }
                if (startError == null) {
                  message.set(
                      String.format(
                          Locale.ROOT,
                          "Cluster serving after %.1f s; data in %s",
                          (System.nanoTime() - pressed) / 1e9,
                          dataDir));
                  return;
                }
                String firstLine =
                    String.valueOf(startError.getMessage()).lines().findFirst().orElse("");
                message.set("Not every node started: " + firstLine);
                // Show the first node that did not come up, with its log, in the inspector.
                nodes.stream()
                    .filter(n -> n.status() == NodeStatus.FAILED)
                    .findFirst()
                    .ifPresent(n -> select(n.id()));
              });
        });
  }

  /** After the first probe of every attached node: how many serve, and which do not answer. */
  private String attachedSummary(ClusterConfig c) {
    List<String> down =
        nodes.stream().filter(n -> !n.status().alive()).map(NodeViewModel::id).toList();
    return "Attached to "
        + c.nodes().size()
        + " nodes at "
        + hosts(c)
        + ": "
        + (c.nodes().size() - down.size())
        + " answer"
        + (down.isEmpty()
            ? ""
            : "; " + String.join(", ", down) + " do" + (down.size() == 1 ? "es" : "") + " not")
        + ". Stop detaches and leaves them running.";
  }

  /** The distinct hosts of the config's nodes, e.g. "127.0.0.1, 127.0.0.2". */
  private static String hosts(ClusterConfig c) {
    return String.join(", ", c.nodes().stream().map(NodeConfig::ip).distinct().toList());
  }

  /** Stops every node process; the future completes on the FX side when they are gone. */
  CompletableFuture<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ClusterGateway g = gateway;
    if (g == null) {
      done.complete(null);
      return done;
    }
    load.stop();
    lessonRecorder.stop();
    phase.set(ClusterPhase.STOPPING);
    boolean detaching = attached.get();
    message.set(detaching ? "Detaching…" : "Stopping every node…");
    inbox.deliver(
        g.stopAll(),
        (v, error) -> {
          gateway = null;
          phase.set(ClusterPhase.IDLE);
          attached.set(false);
          nodes.forEach(n -> n.onProcess(NodeProcessState.STOPPED));
          NodeViewModel shown = selected.get();
          inspector.show(
              shown == null ? "" : shown.id(), false); // no "does not answer" left from the run
          step.reset();
          inDoubt.reset();
          links.reset();
          updateProgress();
          message.set(
              error != null
                  ? "Stopped, with an error: " + error.getMessage()
                  : detaching
                      ? "Detached: the nodes go on running on their hosts (Attach again to drive them)."
                      : "Cluster stopped.");
          done.complete(null);
        });
    return done;
  }

  /**
   * Stops the nodes without waiting for the FX thread, for application exit (when the FX thread
   * will not run again). The future completes on a background thread.
   */
  CompletableFuture<Void> detach() {
    load.stop();
    ClusterGateway g = gateway;
    gateway = null;
    CompletableFuture<Void> compared =
        compare == null ? CompletableFuture.completedFuture(null) : compare.detach();
    CompletableFuture<Void> lessonStopped =
        lesson.detach(); // a lesson's processes are the lesson's to stop
    return CompletableFuture.allOf(
        compared, lessonStopped, g == null ? CompletableFuture.completedFuture(null) : g.stopAll());
  }

  /**
   * Saves everything observed since the cluster started as a trace (JSON Lines, as `caplab watch`)
   * and the operations the lab issued as a history beside it (name.history.jsonl). Written off the
   * FX thread.
   */
  void saveTrace(Path file) {
    if (recorder.eventCount() == 0) {
      message.set("Nothing to save yet: start the cluster (or open a trace) first.");
      return;
    }
    var events = recorder.events();
    var ops = recorder.operations();
    Path source = picker.pathProperty().get();
    inbox.deliver(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return TraceRecorder.write(file, events, ops, source);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            background),
        (saved, error) ->
            message.set(
                error != null
                    ? "Could not save the trace: " + rootMessage(error)
                    : String.format(
                        Locale.ROOT,
                        "Saved %,d events to %s and %,d operations to %s.",
                        saved.events(),
                        saved.trace(),
                        saved.operations(),
                        saved.history().getFileName())));
  }

  /** Saves a picture (pixels from a snapshot) as PNG, off the FX thread. */
  void saveImage(Path file, int width, int height, int[] argb) {
    inbox.deliver(
        CompletableFuture.runAsync(
            () -> {
              try {
                PngFiles.write(file, width, height, argb);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            background),
        (v, error) ->
            message.set(
                error != null
                    ? "Could not save the picture: " + rootMessage(error)
                    : "Saved the diagram (" + width + "×" + height + ") to " + file + "."));
  }

  /**
   * Plays a saved trace into the topology, the event log and the diagram, without a cluster. Its
   * nodes must be those of the loaded config, or of a config saved beside it (name.config.yaml).
   */
  void openTrace(Path file) {
    if (phase.get() != ClusterPhase.IDLE) {
      message.set("Stop the cluster to replay a trace: the diagram shows one or the other.");
      return;
    }
    inbox.deliver(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return TraceRecorder.read(file);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            background),
        (events, error) -> {
          if (error != null) {
            message.set("Could not open the trace: " + rootMessage(error));
            return;
          }
          java.util.Set<String> traceNodes = new java.util.TreeSet<>();
          events.forEach(e -> traceNodes.add(e.node()));
          ClusterConfig c = picker.configProperty().get();
          if (c != null && c.ids().containsAll(traceNodes)) {
            startReplay(events, file);
            return;
          }
          Path config = TraceRecorder.configFile(file);
          if (java.nio.file.Files.isRegularFile(config)) {
            pendingReplay = events;
            pendingReplayFile = file;
            picker.load(config);
            return;
          }
          message.set(
              "The trace is of nodes "
                  + traceNodes
                  + ", not of the loaded config. Fix: load the config it was"
                  + " recorded on, then open the trace again.");
        });
  }

  private void startReplay(List<NodeEvent> events, Path file) {
    showConfig(picker.configProperty().get());
    recorder.reset();
    replay = new Replay(events);
    lastReplayTick = 0;
    replaying.set(true);
    message.set(
        String.format(
            Locale.ROOT,
            "Replaying %,d events from %s (no cluster runs).",
            events.size(),
            file.getFileName()));
  }

  private void stopReplay() {
    replay = null;
    pendingReplay = null;
    replaying.set(false);
  }

  private void tickReplay(long nowNanos) {
    if (replay == null) {
      return;
    }
    double millis =
        lastReplayTick == 0 || flow.pausedProperty().get() ? 0 : (nowNanos - lastReplayTick) / 1e6;
    lastReplayTick = nowNanos;
    List<NodeEvent> due = replay.advance(Math.min(100, millis) * flow.speedProperty().get());
    if (!due.isEmpty()) {
      fxEvents.onEvents(due);
    }
    if (replay.done()) {
      message.set(String.format(Locale.ROOT, "Replayed %,d events.", replay.size()));
      replay = null;
      replaying.set(false);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /**
   * Record on: every put, get, fault, step-mode action and load start/stop from now on becomes a
   * lesson step (the cluster must run, and not a lesson's). Off: the steps stay until saved or the
   * next recording.
   */
  void setRecording(boolean on) {
    if (on == lessonRecorder.recordingProperty().get()) {
      return;
    }
    if (!on) {
      lessonRecorder.stop();
      message.set("Recording stopped: " + lessonRecorder.stepsProperty().get() + " steps.");
      return;
    }
    if (phase.get() != ClusterPhase.RUNNING) {
      message.set("Start the cluster first, then record what you do to it.");
      return;
    }
    if (lesson.activeProperty().get()) {
      message.set("Leave the lesson first: a recording runs on a cluster of your own config.");
      return;
    }
    lessonRecorder.start(picker.configProperty().get());
    message.set(
        "Recording: each put, get, fault, step-mode action and load start/stop becomes a lesson step.");
  }

  /**
   * Writes the recorded lesson to file (off the FX thread); completes on the FX thread, with the
   * error if any.
   */
  CompletableFuture<Path> saveRecording(Path file) {
    String text = lessonRecorder.lesson(file);
    CompletableFuture<Path> saved = new CompletableFuture<>();
    inbox.deliver(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.writeString(file, text);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            background),
        (written, error) -> {
          if (error == null) {
            message.set(
                "Lesson saved to "
                    + written
                    + ". Add say / ask / explain steps, then play it from Lessons.");
            saved.complete(written);
          } else {
            Throwable cause = error.getCause() == null ? error : error.getCause();
            message.set("Could not save the lesson to " + file + ": " + cause.getMessage());
            saved.completeExceptionally(cause);
          }
        });
    return saved;
  }

  /**
   * Puts a sentence in the status line (for parts of the lab without their own place to say
   * things).
   */
  void say(String text) {
    message.set(text);
  }

  void select(String nodeId) {
    NodeViewModel n = byId.get(nodeId);
    selected.set(n);
    inspector.show(n == null ? "" : nodeId, gateway != null);
    if (n != null) {
      poller.pollNow(n);
    }
  }

  /** Advances animations and polls the nodes now and then; called once per frame. */
  void tick(long nowNanos) {
    tickReplay(nowNanos);
    flow.tick(nowNanos);
    inStep.tick(nowNanos);
    if (nowNanos - lastListFlush >= LIST_FLUSH_NANOS) {
      // Lists change ten times a second at most: enough to read, and far cheaper to lay out than
      // every frame.
      lastListFlush = nowNanos;
      timeline.flush();
    }
    if (nowNanos - lastTableFlush >= TABLE_FLUSH_NANOS) {
      lastTableFlush = nowNanos;
      eventLog.flush();
    }
    for (NodeViewModel n : nodes) {
      n.tick(nowNanos);
    }
    inDoubt.tick(nowNanos);
    load.tick(nowNanos);
    judge.take().ifPresent(this::showJudged);
    charts.tick(nowNanos);
    poller.tick(nowNanos, nodes, selected.get());
    links.tick(nowNanos, nodes);
    quorum.tick(nowNanos);
  }

  private Optional<ClusterGateway> gateway() {
    return Optional.ofNullable(gateway);
  }

  private void showConfig(ClusterConfig c) {
    List<NodeEvent> pending = pendingReplay;
    stopReplay(); // a new config: whatever played belongs to the old one
    byId.clear();
    for (NodeConfig n : c.nodes()) {
      NodeViewModel vm = new NodeViewModel(n);
      vm.statusProperty().addListener((obs, was, now) -> updateProgress());
      byId.put(n.id(), vm);
    }
    links.reset();
    resetQuorum(c);
    nodes.setAll(byId.values());
    flow.reset(weights(c));
    eventLog.reset(c.ids());
    timeline.reset(c.ids());
    String target = c.mode() == Mode.CENTRALIZED ? ClusterConfig.MASTER_ID : c.ids().get(0);
    console.reset(c.ids(), target);
    charts.reset();
    step.reset();
    inDoubt.reset();
    settings.fill(c);
    select(target); // the inspector shows the coordinator from the start
    updateProgress();
    message.set(describe(c));
    if (pending != null) {
      startReplay(pending, pendingReplayFile);
    }
  }

  private void showInvalid(String error) {
    byId.clear();
    nodes.clear();
    selected.set(null);
    inspector.show("", false);
    message.set("The config is not valid; pick another or fix the file.");
  }

  private void onProcess(String id, NodeProcessState state, long wallMillis) {
    NodeViewModel n = byId.get(id);
    if (n == null) {
      return;
    }
    if (state != NodeProcessState.SERVING) {
      links.nodeGone(id); // a process that ended or restarted applies no rules
      flow.forget(id); // a new run numbers its events from 1 again
      inStep.restart(id);
    }
    n.onProcess(state, wallMillis);
    step.onProcess(id, state);
    inDoubt.onProcess(id, state);
  }

  /**
   * A transaction's phase at the node, or (txId empty, peer set) the master's view of a slave's
   * membership.
   */
  private void onState(NodeViewModel n, NodeEvent e) {
    NodeViewModel member = e.txId().isEmpty() ? byId.get(e.peer()) : null;
    if (member != null) {
      flow.defer(e.node(), () -> member.onMembership(e.label(), e.detail(), e.wallMillis()));
    } else {
      flow.defer(e.node(), e.key(), () -> n.onState(e.label(), e.txId()));
    }
  }

  private void updateProgress() {
    long serving =
        nodes.stream()
            .filter(
                n ->
                    n.status().alive()
                        && n.status() != NodeStatus.STARTING
                        && n.status() != NodeStatus.RECOVERING)
            .count();
    progress.set(nodes.isEmpty() ? "" : serving + " of " + nodes.size() + " serving");
  }

  /** Called on the FX thread by the inbox. */
  private final class Events implements EventListener {

    @Override
    public void onEvents(List<NodeEvent> batch) {
      recorder.add(batch);
      eventLog.count(batch);
      timeline.add(batch);
      for (NodeEvent e : batch) {
        NodeViewModel n = byId.get(e.node());
        if (n == null) {
          continue;
        }
        flow.onEvent(e);
        step.onEvent(e);
        inDoubt.onEvent(e);
        switch (e.type()) {
          case "NODE_STATUS" -> n.onReported(e.label(), e.detail(), e.wallMillis());
          case "STATE" -> onState(n, e);
          case "QUORUM" -> {
            flow.defer(e.node(), e.key(), () -> n.onQuorum(e.label(), e.votes(), e.needed()));
            // At once, not when the animation gets there: an isolated node's deferred effects wait
            // on tokens
            // that were dropped, and the stale read it answers is exactly what the overlay must
            // show.
            quorum.onQuorum(e);
          }
          case "CLIENT_REPLY" -> poller.soon();
          default -> {}
        }
        // The row appears when the animation reaches the event: a RECEIVED row as its token lands.
        flow.defer(
            e.node(),
            e.key(),
            () -> {
              eventLog.stage(e);
              inStep.shown(e.node(), e.seq());
            });
      }
    }

    @Override
    public void onConnection(String node, boolean connected) {
      node(node).ifPresent(n -> n.onStreaming(connected));
      if (connected) {
        step.onProcess(
            node,
            NodeProcessState.SERVING); // its stream may connect before its health check passes
      }
    }

    @Override
    public void onGap(String node, long fromSeq, long toSeq) {
      message.set(
          "Missed " + (toSeq - fromSeq + 1) + " events of " + node + " (its buffer overflowed).");
    }
  }

  /** The overlay is for weighted quorums only: a centralized config gives it nothing to weigh. */
  private void resetQuorum(ClusterConfig c) {
    quorum.reset(
        c.mode() == Mode.DECENTRALIZED ? weights(c) : Map.of(), c.readQuorum(), c.writeQuorum());
  }

  /**
   * A stale read found by the verdict: the overlay shows the read's quorum and the write's it
   * missed.
   */
  private void explainStaleRead(VerdictViewModel.Judged judged) {
    if (judged == null
        || !judged.explanation().startsWith("stale read")
        || judged.explanation().equals(explainedStaleRead)) {
      return; // each verdict repeats the first violation: pin it once, so that the user may dismiss
      // it
    }
    explainedStaleRead = judged.explanation();
    List<OpLog.Where> ops =
        judged.refs().stream().flatMap(ref -> opLog.where(ref).stream()).toList();
    for (OpLog.Where read : ops) {
      if (!read.op().equals("get")) {
        continue;
      }
      ops.stream()
          .filter(
              w ->
                  w.op().equals("put")
                      && w.key().equals(read.key())
                      && w.completeWallMillis() <= read.invokeWallMillis())
          .max(java.util.Comparator.comparingLong(OpLog.Where::completeWallMillis))
          .ifPresent(write -> quorum.explainStaleRead(read.key(), read.node(), write.node()));
    }
  }

  private static Map<String, Integer> weights(ClusterConfig c) {
    Map<String, Integer> w = new LinkedHashMap<>();
    c.nodes().forEach(n -> w.put(n.id(), n.weight()));
    return w;
  }

  private static String describe(ClusterConfig c) {
    long hosts = c.nodes().stream().map(NodeConfig::ip).distinct().count();
    String next =
        hosts == 1
            ? " Press Start."
            : " Nodes on " + hosts + " addresses: press Attach once they run on their hosts.";
    return c.mode() == Mode.CENTRALIZED
        ? "Centralized: master + "
            + (c.nodes().size() - 1)
            + " slaves, two-phase commit, on slave failure: "
            + c.onSlaveFailure().name().toLowerCase(Locale.ROOT)
            + "."
            + next
        : "Decentralized: "
            + c.nodes().size()
            + " peers, "
            + c.totalWeight()
            + " votes; write quorum "
            + c.writeQuorum()
            + ", read quorum "
            + c.readQuorum()
            + "."
            + next;
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private void showJudged(HistoryJudge.Published p) {
    verdict.show(p.judged());
    charts.staleReads(p.staleReads());
  }
}
