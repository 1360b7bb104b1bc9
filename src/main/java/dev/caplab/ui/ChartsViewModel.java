package dev.caplab.ui;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Charts tab: operations per second, latency, availability and stale reads over the last
 * minutes, from the operations the GUI itself issued, with a marker at each fault and experiment
 * action. All methods run on the FX thread; the operations are summed in {@link ChartBuckets} by
 * whichever thread records them, and the charts take a new window once a second is over (checked a
 * few times a second), never per operation.
 */
final class ChartsViewModel {

  static final long REFRESH_NANOS = 250_000_000L;

  /**
   * The time axis spans at least this much, so the first seconds of a run are not stretched across
   * the chart.
   */
  static final int MIN_SPAN_SECONDS = 60;

  /** What a marker stands for; the view colours them apart. */
  enum Kind {
    FAULT,
    REPAIR,
    STEP
  }

  /** A vertical marker at seconds since Start, e.g. "fail node_1". */
  record Marker(double seconds, String label, Kind kind) {}

  /**
   * What the charts show: the time axis from..to (seconds since Start) and every complete second in
   * it.
   */
  record Window(double from, double to, List<ChartBuckets.Second> seconds) {
    static final Window EMPTY = new Window(0, MIN_SPAN_SECONDS, List.of());
  }

  private final ChartBuckets buckets;
  private final LongSupplier nowMicros;
  private final BooleanSupplier running;
  private final ReadOnlyObjectWrapper<Window> window = new ReadOnlyObjectWrapper<>(Window.EMPTY);
  private final ObservableList<Marker> markers = FXCollections.observableArrayList();
  private final ObservableList<Marker> readOnlyMarkers =
      FXCollections.unmodifiableObservableList(markers);
  private long lastRefresh;
  private long shownSecond = -1;

  /** running: whether a cluster runs (a stopped one's charts stay as they were). */
  ChartsViewModel(OpLog log, BooleanSupplier running) {
    this.buckets = new ChartBuckets(log::nowMicros);
    this.nowMicros = log::nowMicros;
    this.running = running;
    log.addListener(buckets);
  }

  ReadOnlyObjectProperty<Window> windowProperty() {
    return window.getReadOnlyProperty();
  }

  /** Markers inside the window, oldest first. */
  ObservableList<Marker> markers() {
    return readOnlyMarkers;
  }

  // Commands

  /** A node action took effect; pending is the text its card showed meanwhile ("killing…"). */
  void nodeAction(String node, String pending) {
    String action = action(pending);
    Kind kind =
        switch (action) {
          case "recover", "restore", "heal" -> Kind.REPAIR;
          default -> Kind.FAULT;
        };
    mark(action + " " + node, kind);
  }

  /** A link fault or its repair took effect, e.g. "node_0→node_1 cut". */
  void linkAction(String label, boolean repair) {
    mark(label, repair ? Kind.REPAIR : Kind.FAULT);
  }

  void stepMode(boolean on) {
    mark(on ? "step on" : "step off", Kind.STEP);
  }

  /** The live checker's total of stale reads so far. */
  void staleReads(int total) {
    buckets.staleReads(total);
  }

  /** A new cluster or config: empty charts, no markers. */
  void reset() {
    buckets.reset();
    markers.clear();
    shownSecond = -1;
    window.set(Window.EMPTY);
  }

  /** Called every frame; takes a new window when another second is over. */
  void tick(long nowNanos) {
    if (nowNanos - lastRefresh < REFRESH_NANOS || !running.getAsBoolean()) {
      return;
    }
    lastRefresh = nowNanos;
    long last = buckets.lastComplete();
    if (last == shownSecond) {
      return;
    }
    shownSecond = last;
    double to = Math.max(last + 1, MIN_SPAN_SECONDS);
    double from = Math.max(0, to - ChartBuckets.WINDOW_SECONDS);
    markers.removeIf(m -> m.seconds() < from);
    window.set(new Window(from, to, buckets.seconds()));
  }

  private void mark(String label, Kind kind) {
    markers.add(new Marker(nowMicros.getAsLong() / 1e6, label, kind));
  }

  /** The command behind a node card's pending text, as the menu names it: "killing…" is "fail". */
  static String action(String pending) {
    return switch (pending) {
      case "killing…" -> "fail";
      case "starting…" -> "recover";
      case "slowing…" -> "slow";
      case "restoring…" -> "restore";
      case "isolating…" -> "isolate";
      case "healing…" -> "heal";
      default -> pending.replace("…", "");
    };
  }
}
