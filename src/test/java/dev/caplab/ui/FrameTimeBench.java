package dev.caplab.ui;

import dev.caplab.client.StoreClient;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Benchmark, not a test: the frame times of the real lab window on a real cluster under each load
 * the lab offers, and what the GUI costs the cluster. First without a window (the same cluster and
 * loads, nobody watching the events), then with the window watching. Each step: the Load control at
 * one of its rates (8 clients, half puts, half gets), and 16 clients sending puts as fast as the
 * cluster takes them (what a teacher's `caplab bench` beside the lab does). Prints one Markdown
 * table.
 *
 * <pre>
 * Xvfb :99 -screen 0 1280x800x24 &amp;
 * DISPLAY=:99 mvn -B -o test-compile exec:exec -Pframe-bench [-Dbench.mode=decentralized] [-Dbench.seconds=20] [-Dbench.port=31600] [-Dbench.jvm=-XX:StartFlightRecording=filename=gui.jfr]
 * </pre>
 */
public final class FrameTimeBench {

  static final int[] RATES = {LoadGenerator.MIN_RATE, 50, 100, LoadGenerator.MAX_RATE};
  static final int HEAVY_CLIENTS = 16;
  private static final Duration STEP_WARMUP = Duration.ofSeconds(5);

  /**
   * Before the first step, the heaviest Load and the flood run unmeasured for this long each: the
   * JIT compiles the GUI's paths (JavaFX CSS, layout, text, gRPC) in the first minute, which took
   * up to a core of C2 time, so steps measured cold mostly measured the compiler.
   */
  private static final Duration JIT_WARMUP = Duration.ofSeconds(15);

  private static final int DEFAULT_PORT = 31600;

  /** One step's figures; frames are zero in the run without a window. */
  record Step(
      String load,
      double opsPerSecond,
      double cpuShare,
      long frames,
      double seconds,
      long p99Millis,
      double maxMillis) {}

  private static volatile List<Step> baseline = List.of();

  private FrameTimeBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "centralized";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int port = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_PORT;
    Path dir = Files.createTempDirectory("caplab-bench");
    ClusterConfig config = ConfigLoader.load(configFile(mode, dir, port));
    List<Step> steps = new ArrayList<>();
    try (Supervisor supervisor = new Supervisor(config, dir.resolve("no-gui"))) {
      supervisor.startAll().get(300, TimeUnit.SECONDS); // a busy machine starts JVMs slowly
      try (StoreClient client = new StoreClient(config)) {
        warm(client, config);
        warmUp(() -> mixed(client, config, LoadGenerator.MAX_RATE), () -> heavy(client, config));
        steps.add(measure("idle", seconds, null, FrameTimeBench::idle));
        for (int rate : RATES) {
          steps.add(
              measure("Load " + rate + " ops/s", seconds, null, () -> mixed(client, config, rate)));
        }
        steps.add(
            measure(HEAVY_CLIENTS + " clients, puts", seconds, null, () -> heavy(client, config)));
      }
      supervisor.stopAll().get(60, TimeUnit.SECONDS);
    }
    baseline = List.copyOf(steps);
    for (Step s : steps) {
      System.out.printf(
          Locale.ROOT,
          "without GUI: %s: %.0f ops/s, bench process CPU %.0f %% of a core%n",
          s.load(),
          s.opsPerSecond(),
          100 * s.cpuShare());
    }
    Application.launch(
        Window.class, mode, String.valueOf(seconds), dir.toString(), String.valueOf(port));
  }

  static Path configFile(String mode, Path dir, int port) {
    return mode.startsWith("de")
        ? TestConfigs.decentralized(dir, port)
        : TestConfigs.centralized(dir, port);
  }

  /** No load: what the window costs while the cluster only runs (leases, probes). */
  static Load idle() {
    return new Load() {
      public long ok() {
        return 0;
      }

      public void close() {}
    };
  }

  /** A load that runs until stopped and counts what succeeded. */
  interface Load extends AutoCloseable {
    long ok();

    @Override
    void close();
  }

  /**
   * Runs the load for the warm-up, then measures it for the given seconds: operations per second,
   * this process's CPU (share of one core) and, with a clock, the frame gaps.
   */
  static Step measure(String name, int seconds, FrameClock clock, Callable<Load> start)
      throws Exception {
    try (Load load = start.call()) {
      Thread.sleep(STEP_WARMUP.toMillis());
      if (clock != null) {
        fx(
            () -> {
              clock.resetTotals();
              return null;
            });
      }
      long ok0 = load.ok();
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double ops = (load.ok() - ok0) / elapsed;
      double cpu = (cpuNanos() - cpu0) / 1e9 / elapsed;
      if (clock == null) {
        return new Step(name, ops, cpu, 0, elapsed, 0, 0);
      }
      return fx(
          () ->
              new Step(
                  name,
                  ops,
                  cpu,
                  clock.frames(),
                  elapsed,
                  clock.percentileMillis(0.99),
                  clock.worstMillis()));
    }
  }

  /** Runs each load for {@link #JIT_WARMUP}, measuring nothing. */
  @SafeVarargs
  static void warmUp(Callable<Load>... loads) throws Exception {
    for (Callable<Load> start : loads) {
      try (Load load = start.call()) {
        Thread.sleep(JIT_WARMUP.toMillis());
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void warm(StoreClient client, ClusterConfig config) {
    for (String node : config.ids()) {
      for (int i = 0; i < 20; i++) {
        client
            .put(node, "warm" + i, "x")
            .exceptionally(e -> false)
            .join(); // first calls are slow: JIT, channels
      }
    }
  }

  /**
   * The Load control's shape without the GUI: 8 clients, each waiting for its answer, half puts,
   * half gets.
   */
  static Load mixed(StoreClient client, ClusterConfig config, int rate) {
    AtomicLong ok = new AtomicLong();
    AtomicBoolean[] busy = new AtomicBoolean[LoadGenerator.CLIENTS];
    for (int i = 0; i < busy.length; i++) {
      busy[i] = new AtomicBoolean();
    }
    SplittableRandom random = new SplittableRandom(7);
    List<String> nodes = config.ids();
    var timer = Executors.newSingleThreadScheduledExecutor();
    long periodNanos = (long) (1e9 / rate);
    AtomicLong n = new AtomicLong();
    timer.scheduleAtFixedRate(
        () -> {
          long i = n.getAndIncrement();
          int c = -1;
          for (int k = 0;
              k < busy.length && c < 0;
              k++) { // the first idle client, as LoadGenerator does
            int candidate = (int) ((i + k) % busy.length);
            c = busy[candidate].compareAndSet(false, true) ? candidate : -1;
          }
          if (c < 0) {
            return;
          }
          int who = c;
          String node = nodes.get((int) (i % nodes.size()));
          String key = "k" + random.nextInt(LoadGenerator.KEYS);
          CompletableFuture<?> op =
              random.nextBoolean() ? client.put(node, key, "v" + i) : client.get(node, key);
          op.whenComplete(
              (r, e) -> {
                if (e == null) {
                  ok.incrementAndGet();
                }
                busy[who].set(false);
              });
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    return new Load() {
      public long ok() {
        return ok.get();
      }

      public void close() {
        timer.shutdownNow();
      }
    };
  }

  /**
   * {@link #HEAVY_CLIENTS} closed-loop clients putting to the first node (the master) as fast as it
   * answers.
   */
  static Load heavy(StoreClient client, ClusterConfig config) {
    AtomicLong ok = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    String target = config.ids().get(0);
    for (int c = 0; c < HEAVY_CLIENTS; c++) {
      int id = c;
      new Object() {
        long i;

        void next() {
          if (stop.get()) {
            return;
          }
          client
              .put(target, "h" + id + "." + (i % 100), "v" + (i++))
              .whenComplete(
                  (r, e) -> {
                    if (e == null && Boolean.TRUE.equals(r)) {
                      ok.incrementAndGet();
                    }
                    next();
                  });
        }
      }.next();
    }
    return new Load() {
      public long ok() {
        return ok.get();
      }

      public void close() {
        stop.set(true);
      }
    };
  }

  static <T> T fx(Callable<T> read) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(read.call());
          } catch (Exception e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(30, TimeUnit.SECONDS);
  }

  /** The lab window with the load driver. */
  public static final class Window extends Application {

    @Override
    public void start(Stage stage) throws Exception {
      List<String> args = getParameters().getUnnamed();
      String mode = args.get(0);
      int seconds = Integer.parseInt(args.get(1));
      Path dir = Path.of(args.get(2));
      Path file = configFile(mode, dir, Integer.parseInt(args.get(3)));
      ClusterConfig config = ConfigLoader.load(file);
      LabViewModel lab =
          new LabViewModel(
              Platform::runLater,
              Duration.ofMillis(16),
              Executors.newCachedThreadPool(),
              LiveCluster::open,
              dir.resolve("gui"));
      LabApp app = new LabApp();
      app.show(stage, lab);
      lab.loadConfig(file);
      AtomicBoolean started = new AtomicBoolean();
      lab.phaseProperty()
          .addListener(
              (obs, was, now) -> {
                if (now == ClusterPhase.RUNNING && started.compareAndSet(false, true)) {
                  Thread load =
                      new Thread(() -> run(lab, app.clock(), config, seconds), "bench-load");
                  load.setDaemon(true);
                  load.start();
                }
              });
      lab.configProperty()
          .addListener(
              (obs, was, now) -> {
                if (now != null) {
                  lab.start();
                }
              });
    }

    private void run(LabViewModel lab, FrameClock clock, ClusterConfig config, int seconds) {
      List<Step> steps = new ArrayList<>();
      try (StoreClient client = new StoreClient(config)) {
        warm(client, config);
        warmUp(() -> loadControl(lab, LoadGenerator.MAX_RATE), () -> heavy(client, config));
        steps.add(measure("idle", seconds, clock, FrameTimeBench::idle));
        for (int rate : RATES) {
          steps.add(
              measure("Load " + rate + " ops/s", seconds, clock, () -> loadControl(lab, rate)));
        }
        steps.add(
            measure(HEAVY_CLIENTS + " clients, puts", seconds, clock, () -> heavy(client, config)));
        print(config, steps);
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        try {
          fx(lab::detach).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          e.printStackTrace();
        }
        Platform.exit();
      }
    }

    /**
     * The real Load control at this rate; ok counts the operations it completed without failure.
     */
    private static Load loadControl(LabViewModel lab, int rate) throws Exception {
      AtomicLong ok = new AtomicLong();
      OpLog.Listener counter =
          new OpLog.Listener() {
            public void invoked(OpLog.Pending op) {}

            public void completed(OpLog.Pending op, OpLog.Entry done) {
              if (done.outcome() == OpLog.Outcome.OK) {
                ok.incrementAndGet();
              }
            }
          };
      lab.opLog().addListener(counter);
      fx(
          () -> {
            lab.load().rateProperty().set(rate);
            lab.load().setRunning(true);
            return null;
          });
      return new Load() {
        public long ok() {
          return ok.get();
        }

        public void close() {
          try {
            fx(
                () -> {
                  lab.load().setRunning(false);
                  return null;
                });
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      };
    }

    private static void print(ClusterConfig config, List<Step> steps) throws Exception {
      StringBuilder out = new StringBuilder();
      out.append("| ")
          .append(config.mode().name().toLowerCase(Locale.ROOT))
          .append(
              " load | fps avg | avg frame ms | p99 frame ms | max frame ms | cluster ops/s with GUI"
                  + " | without GUI | GUI process CPU | GUI's share of it |\n"
                  + "|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        Step base = baseline.size() > i ? baseline.get(i) : new Step(s.load(), 0, 0, 0, 1, 0, 0);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.1f | %d | %.0f | %.0f | %.0f | %.0f %% | %.0f %% |%n",
                s.load(),
                s.frames() / s.seconds(),
                s.seconds() * 1000 / Math.max(1, s.frames()),
                s.p99Millis(),
                s.maxMillis(),
                s.opsPerSecond(),
                base.opsPerSecond(),
                100 * s.cpuShare(),
                100 * (s.cpuShare() - base.cpuShare())));
      }
      out.append("load average: ").append(Files.readString(Path.of("/proc/loadavg")).trim());
      System.out.println(out);
    }
  }
}
