package dev.caplab.ui;

import dev.caplab.lesson.Action;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The background load: on or off, its rate, and what it achieves, read from the {@link
 * LoadGenerator} twice a second. All methods run on the FX thread; the load itself runs on its own
 * thread.
 */
final class LoadViewModel {

  static final int DEFAULT_RATE = 20;
  private static final long REFRESH_NANOS = 500_000_000L;

  private final Supplier<Optional<ClusterGateway>> gateway;
  private final Supplier<List<String>> nodes;
  private final OpLog log;
  private final Consumer<String> message;
  private final IntegerProperty rate = new SimpleIntegerProperty(DEFAULT_RATE);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private LoadGenerator generator;
  private LoadGenerator.Stats last = new LoadGenerator.Stats(0, 0, 0, 0, 0);
  private long lastNanos;
  private long seed = 1;
  private Consumer<Action> recorder = action -> {};

  LoadViewModel(
      Supplier<Optional<ClusterGateway>> gateway,
      Supplier<List<String>> nodes,
      OpLog log,
      Consumer<String> message) {
    this.gateway = gateway;
    this.nodes = nodes;
    this.log = log;
    this.message = message;
    rate.addListener(
        (obs, was, now) -> {
          if (generator != null) {
            generator.setRate(now.intValue());
          }
        });
  }

  /**
   * Operations per second asked for, {@link LoadGenerator#MIN_RATE} to {@link
   * LoadGenerator#MAX_RATE}.
   */
  IntegerProperty rateProperty() {
    return rate;
  }

  ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** "38 ops/s · 1,204 done · 3 failed · 1 unknown", empty while off. */
  ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /**
   * Hears the load started and stopped, as lesson steps. A lesson's load has no rate: it is
   * recorded as the format's closed-loop clients, on every node, on this load's keys.
   */
  void recordTo(Consumer<Action> listener) {
    recorder = listener;
  }

  // Commands

  void setRunning(boolean on) {
    if (on == running.get()) {
      return;
    }
    if (!on) {
      stop();
      return;
    }
    Optional<ClusterGateway> g = gateway.get();
    if (g.isEmpty()) {
      message.accept("Start the cluster first, then the load.");
      running.set(false);
      return;
    }
    generator = new LoadGenerator(g.get(), nodes.get(), log, System::nanoTime, seed++);
    generator.start(rate.get());
    last = generator.stats();
    lastNanos = System.nanoTime();
    running.set(true);
    recorder.accept(new Action.StartLoad(2, List.of(), LoadGenerator.keys(), 0.5));
    summary.set("starting…");
    message.accept(
        "Load on: "
            + LoadGenerator.CLIENTS
            + " clients, puts and gets on "
            + LoadGenerator.KEYS
            + " keys over every node, "
            + rate.get()
            + " ops/s.");
  }

  /**
   * Stops the load (also when the cluster stops); operations in flight still complete and are
   * recorded.
   */
  void stop() {
    if (generator != null) {
      generator.close();
      generator = null;
      recorder.accept(new Action.StopLoad());
    }
    running.set(false);
    summary.set("");
  }

  void tick(long nowNanos) {
    if (generator == null || nowNanos - lastNanos < REFRESH_NANOS) {
      return;
    }
    LoadGenerator.Stats now = generator.stats();
    long done = now.ok() + now.failed() + now.unknown();
    long before = last.ok() + last.failed() + last.unknown();
    double perSecond = (done - before) * 1e9 / Math.max(1, nowNanos - lastNanos);
    last = now;
    lastNanos = nowNanos;
    summary.set(
        String.format(
            Locale.ROOT,
            "%.0f ops/s · %,d done · %,d failed · %,d unknown",
            perSecond,
            done,
            now.failed(),
            now.unknown()));
  }
}
