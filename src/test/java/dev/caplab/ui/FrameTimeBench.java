package dev.caplab.ui;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Benchmark, not a test: opens the real lab window on a real cluster, drives puts at a steady rate so that the
 * nodes stream about the wanted number of events per second, and reports the FX frame gaps meanwhile.
 *
 * <pre>
 * DISPLAY=:99 java -cp target/classes:target/test-classes:$(cat cp.txt) dev.caplab.ui.FrameTimeBench \
 *     [centralized|decentralized] [events/s, default 2000] [seconds, default 60]
 * </pre>
 */
public final class FrameTimeBench {

  private static final int EVENTS_PER_PUT_GUESS = 26;
  private static final Duration WARMUP = Duration.ofSeconds(20);

  private FrameTimeBench() {}

  public static void main(String[] args) {
    Application.launch(Window.class, args); // a main that extends Application cannot start from the class path
  }

  /** The lab window with the load driver. */
  public static final class Window extends Application {

  @Override
  public void start(Stage stage) throws Exception {
    String mode = getParameters().getUnnamed().size() > 0 ? getParameters().getUnnamed().get(0) : "centralized";
    int eventsPerSecond = arg(1, 2000);
    int seconds = arg(2, 60);
    Path dir = Files.createTempDirectory("caplab-bench");
    Path file = mode.startsWith("de") ? TestConfigs.decentralized(dir, 24600) : TestConfigs.centralized(dir, 24600);
    ClusterConfig config = ConfigLoader.load(file);
    LabViewModel lab = new LabViewModel(Platform::runLater, Duration.ofMillis(16), Executors.newCachedThreadPool(),
        LiveCluster::open, dir.resolve("data"));
    LabApp app = new LabApp();
    app.show(stage, lab);
    lab.loadConfig(file);
    lab.phaseProperty().addListener((obs, was, now) -> {
      if (now == ClusterPhase.RUNNING) {
        Thread load = new Thread(() -> run(lab, app.clock(), config, eventsPerSecond, seconds), "bench-load");
        load.setDaemon(true);
        load.start();
      }
    });
    lab.configProperty().addListener((obs, was, now) -> {
      if (now != null) {
        lab.start();
      }
    });
  }

  private void run(LabViewModel lab, FrameClock clock, ClusterConfig config, int eventsPerSecond, int seconds) {
    try (StoreClient client = new StoreClient(config)) {
      String target = config.ids().get(0);
      for (int i = 0; i < 20; i++) {
        client.put(target, "warm" + i, "x").exceptionally(e -> false).join(); // first calls are slow: JIT, channels
      }
      double putsPerSecond = (double) eventsPerSecond / EVENTS_PER_PUT_GUESS;
      long intervalNanos = (long) (1e9 / putsPerSecond);
      Semaphore inFlight = new Semaphore(32);
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long warmupEnd = System.nanoTime() + WARMUP.toNanos(); // JIT and caches: measured afterwards
      long start = 0;
      long end = Long.MAX_VALUE;
      long startEvents = 0;
      long startBusy = 0;
      long next = System.nanoTime();
      long n = 0;
      while (System.nanoTime() < end) {
        if (start == 0 && System.nanoTime() >= warmupEnd) {
          startEvents = fx(() -> lab.eventLog().totalProperty().get());
          startBusy = fx(lab::inboxBusyNanos);
          fx(() -> {
            clock.resetTotals();
            return null;
          });
          ok.set(0);
          failed.set(0);
          start = System.nanoTime();
          end = start + seconds * 1_000_000_000L;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
        next += intervalNanos;
        inFlight.acquire();
        CompletableFuture<Boolean> put = client.put(target, "k" + (n++ % 500), "v" + n);
        put.whenComplete((r, e) -> {
          (e == null ? ok : failed).incrementAndGet();
          inFlight.release();
        });
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long events = fx(() -> lab.eventLog().totalProperty().get()) - startEvents;
      long busyFrom = startBusy;
      String report = fx(() -> String.format(Locale.ROOT,
          "%s: %.0f events/s (%.0f puts/s ok, %d failed) for %.0f s; frames %d (%.1f fps); gap p50 %d ms, p99 %d ms, "
              + "max %.1f ms; gaps over 50 ms: %d; FX thread in event handling %.1f %%, in per-frame work %.1f %%; "
              + "tokens drawn %d, aggregated into badges %d",
          config.mode(), events / elapsed, ok.get() / elapsed, failed.get(), elapsed, clock.frames(),
          clock.frames() / elapsed, clock.percentileMillis(0.5), clock.percentileMillis(0.99), clock.worstMillis(),
          clock.stalls(), (lab.inboxBusyNanos() - busyFrom) / 1e7 / elapsed, clock.tickNanos() / 1e7 / elapsed,
          lab.flow().startedTotal(), lab.flow().aggregated()));
      System.out.println(report);
      System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      try {
        fx(lab::detach).get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        e.printStackTrace();
      }
      Platform.exit();
    }
  }

  private int arg(int index, int fallback) {
    var args = getParameters().getUnnamed();
    return args.size() > index ? Integer.parseInt(args.get(index)) : fallback;
  }

  private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        result.complete(read.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result.get();
  }

  }
}
