package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.lesson.ComparePair;
import dev.caplab.lesson.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The Compare view: a centralized and a decentralized cluster at the same time (the bundled
 * configs, moved to ports of their own by {@link ComparePair}), the same load on both, and each
 * fault applied to both at once by role. All methods run on the FX thread; each side's results
 * arrive through its own inbox.
 */
final class CompareViewModel {

  /** What a fault button does to the role's node of each cluster. */
  enum Fault {
    FAIL("Fail", "killing…"),
    RECOVER("Recover", "starting…"),
    SLOW("Slow", "slowing…"),
    RESTORE("Restore", "restoring…"),
    ISOLATE("Isolate", "isolating…"),
    HEAL("Heal", "healing…");

    private final String label;
    private final String pending;

    Fault(String label, String pending) {
      this.label = label;
      this.pending = pending;
    }

    String label() {
      return label;
    }

    /** The repair of a fault, and a repair undoes one. */
    boolean repair() {
      return this == RECOVER || this == RESTORE || this == HEAL;
    }

    /** As the charts name it: "fail", "recover"... */
    String verb() {
      return ChartsViewModel.action(pending);
    }
  }

  static final int SLOW_SECONDS = 2;

  private final Executor background;
  private final ClusterGateway.Factory factory;
  private final Path dataRoot;
  private final CompareSide centralized;
  private final CompareSide decentralized;
  private final ReadOnlyObjectWrapper<ClusterPhase> phase =
      new ReadOnlyObjectWrapper<>(ClusterPhase.IDLE);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loadOn = new ReadOnlyBooleanWrapper();
  private final IntegerProperty rate = new SimpleIntegerProperty(LoadViewModel.DEFAULT_RATE);
  private final ReadOnlyObjectWrapper<NodeRole> role =
      new ReadOnlyObjectWrapper<>(NodeRole.COORDINATOR);

  /**
   * pair: the two configs as written, with their ports (centralized first); dataRoot holds each
   * side's data.
   */
  CompareViewModel(
      List<ClusterConfig> pair,
      Executor fx,
      Duration frame,
      Executor background,
      ClusterGateway.Factory factory,
      Path dataRoot) {
    this.background = background;
    this.factory = factory;
    this.dataRoot = dataRoot;
    this.centralized = new CompareSide(pair.get(0), fx, frame, message::set);
    this.decentralized = new CompareSide(pair.get(1), fx, frame, message::set);
    rate.addListener(
        (obs, was, now) -> sides().forEach(s -> s.load().rateProperty().set(now.intValue())));
    message.set(
        "Two clusters side by side: centralized on "
            + centralized.ports()
            + ", decentralized on "
            + decentralized.ports()
            + " (moved from the bundled configs' ports so that the lab can run beside them)."
            + " Press Start.");
  }

  /**
   * The bundled pair, written under dataRoot on ports from portBase (0: {@link
   * ComparePair#DEFAULT_PORT_BASE}).
   */
  static CompareViewModel bundled(
      Executor fx,
      Duration frame,
      Executor background,
      ClusterGateway.Factory factory,
      Path dataRoot,
      int portBase)
      throws Exception {
    List<ClusterConfig> pair = ComparePair.bundled().writeTo(dataRoot, portBase);
    return new CompareViewModel(pair, fx, frame, background, factory, dataRoot);
  }

  CompareSide centralized() {
    return centralized;
  }

  CompareSide decentralized() {
    return decentralized;
  }

  List<CompareSide> sides() {
    return List.of(centralized, decentralized);
  }

  ReadOnlyObjectProperty<ClusterPhase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty loadOnProperty() {
    return loadOn.getReadOnlyProperty();
  }

  /** Operations per second on each cluster. */
  IntegerProperty rateProperty() {
    return rate;
  }

  /** Which node the fault buttons hit in each cluster. */
  ReadOnlyObjectProperty<NodeRole> roleProperty() {
    return role.getReadOnlyProperty();
  }

  /** "master and node_1": the nodes a fault on the role hits. */
  String targets(NodeRole r) {
    return centralized.nodeOf(r)
        + " (centralized) and "
        + decentralized.nodeOf(r)
        + " (decentralized)";
  }

  // Commands

  void setRole(NodeRole r) {
    role.set(r);
  }

  /** Starts both clusters at once: six node processes. */
  void start() {
    if (phase.get() != ClusterPhase.IDLE) {
      return;
    }
    phase.set(ClusterPhase.STARTING);
    message.set("Starting six node processes (two clusters)…");
    long pressed = System.nanoTime();
    CompletableFuture<Void> left =
        centralized.start(factory, dataRoot.resolve("centralized").resolve("data"), background);
    CompletableFuture<Void> right =
        decentralized.start(factory, dataRoot.resolve("decentralized").resolve("data"), background);
    // Both futures complete on the FX thread, so this does too.
    CompletableFuture.allOf(left, right)
        .whenComplete(
            (v, error) -> {
              if (phase.get() != ClusterPhase.STARTING) {
                return;
              }
              phase.set(ClusterPhase.RUNNING);
              message.set(
                  error == null
                      ? String.format(
                          Locale.ROOT,
                          "Both clusters serving after %.1f s. Turn the Load on,"
                              + " then fail a role.",
                          (System.nanoTime() - pressed) / 1e9)
                      : "Not every node started: "
                          + String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
            });
  }

  CompletableFuture<Void> stop() {
    if (phase.get() == ClusterPhase.IDLE || phase.get() == ClusterPhase.STOPPING) {
      return CompletableFuture.completedFuture(null);
    }
    loadOn.set(false);
    phase.set(ClusterPhase.STOPPING);
    message.set("Stopping both clusters…");
    return CompletableFuture.allOf(centralized.stop(), decentralized.stop())
        .whenComplete(
            (v, error) -> {
              phase.set(ClusterPhase.IDLE);
              message.set("Both clusters stopped.");
            });
  }

  /** For application exit: stops the nodes without the FX thread. */
  CompletableFuture<Void> detach() {
    return CompletableFuture.allOf(centralized.detach(), decentralized.detach());
  }

  /** The same load (rate, mix, clients) on both clusters, started and stopped together. */
  void setLoad(boolean on) {
    if (on == loadOn.get()) {
      return;
    }
    if (on && phase.get() != ClusterPhase.RUNNING) {
      message.set("Start the clusters first, then the load.");
      return;
    }
    for (CompareSide side : sides()) {
      side.load().rateProperty().set(rate.get());
      side.load().setRunning(on);
    }
    loadOn.set(on);
    message.set(
        on
            ? "Load on both: "
                + LoadGenerator.CLIENTS
                + " clients each, puts and gets on "
                + LoadGenerator.KEYS
                + " keys over every node, "
                + rate.get()
                + " ops/s per cluster."
            : "Load off.");
  }

  /** The fault (or repair) on the node of the chosen role in both clusters, at once. */
  void apply(Fault fault) {
    if (phase.get() != ClusterPhase.RUNNING) {
      message.set("Start the clusters first.");
      return;
    }
    NodeRole r = role.get();
    for (CompareSide side : sides()) {
      String id = side.nodeOf(r);
      NodeActions a = side.actions();
      switch (fault) {
        case FAIL -> a.fail(id);
        case RECOVER -> a.recover(id);
        case SLOW -> a.slowDown(id, SLOW_SECONDS);
        case RESTORE -> a.restore(id);
        case ISOLATE -> a.isolate(id);
        case HEAL -> a.heal(id);
      }
    }
    message.set(
        fault.label()
            + " "
            + r.words()
            + ": "
            + targets(r)
            + (fault == Fault.SLOW ? ", every request delayed by " + SLOW_SECONDS + " s" : "")
            + ".");
  }

  void tick(long nowNanos) {
    centralized.tick(nowNanos);
    decentralized.tick(nowNanos);
  }
}
