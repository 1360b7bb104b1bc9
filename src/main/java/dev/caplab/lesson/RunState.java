package dev.caplab.lesson;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What one run of a lesson keeps between steps. Used by the runner's thread only, apart from the
 * timer.
 */
final class RunState implements AutoCloseable {

  static final Duration POLL = Duration.ofMillis(50);
  static final Duration WARM_UP = Duration.ofSeconds(30);
  static final String WARM_UP_KEY = "caplab-lesson-warm-up";

  LessonCluster cluster; // replaced by restart_cluster; the centralized one of a compare run
  final List<LessonCluster> clusters =
      new ArrayList<>(); // cluster, and in a compare run the one beside it
  final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lesson-timer");
            t.setDaemon(true);
            return t;
          });
  final Map<String, Operation> named = new HashMap<>();
  final Set<String> holding = new LinkedHashSet<>(); // nodes in step mode
  Operation latest;
  final List<Load> loads = new ArrayList<>(); // one per cluster while a load runs

  /**
   * Wall clock at the start of the latest do step: `expect: event` looks at events from then on.
   */
  long markMillis;

  final long startMillis = System.currentTimeMillis();

  private final Path workDir;
  private final int portBase;

  RunState(Path workDir, int portBase) {
    this.workDir = workDir;
    this.portBase = portBase;
    this.markMillis = startMillis;
  }

  /**
   * Stops the current cluster, if any, and starts config's on the same data; returns when every
   * node serves.
   */
  ClusterConfig startCluster(LessonConfig config) throws StepFailed, InterruptedException {
    stopCluster();
    ClusterConfig written;
    try {
      written = config.writeTo(workDir, portBase);
    } catch (IOException | ConfigException e) {
      throw new StepFailed("cannot write the config: " + e.getMessage());
    }
    cluster = new LessonCluster(written, workDir.resolve("data"));
    clusters.add(cluster);
    ActionRunner.await(
        cluster.supervisor.startAll(), ActionRunner.START_WAIT, "starting the cluster");
    warmUp(cluster);
    return written;
  }

  /**
   * Starts both clusters of a compare run at once, in workDir/centralized and
   * workDir/decentralized, on consecutive ports (see {@link ComparePair}); returns when every node
   * of both serves.
   */
  List<ClusterConfig> startPair(ComparePair pair) throws StepFailed, InterruptedException {
    stopCluster();
    List<ClusterConfig> written;
    try {
      written = pair.writeTo(workDir, portBase);
    } catch (IOException | ConfigException e) {
      throw new StepFailed("cannot write the configs: " + e.getMessage());
    }
    for (ClusterConfig config : written) {
      String name = config.mode().name().toLowerCase(Locale.ROOT);
      clusters.add(new LessonCluster(config, workDir.resolve(name).resolve("data")));
    }
    cluster = clusters.get(0);
    List<CompletableFuture<Void>> starts =
        clusters.stream().map(c -> c.supervisor.startAll()).toList();
    ActionRunner.await(
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)),
        ActionRunner.START_WAIT,
        "starting the clusters");
    for (LessonCluster c : clusters) {
      warmUp(c);
    }
    return written;
  }

  /** The cluster a node belongs to (node ids differ between the clusters of a compare run). */
  LessonCluster clusterOf(String node) {
    return clusters.stream()
        .filter(c -> c.config.findNode(node).isPresent())
        .findFirst()
        .orElse(cluster);
  }

  /**
   * Waits until every node has served a put and a get (of a key no lesson uses; not part of the
   * history). A node serves once its health says so, but its first writes and reads still load code
   * and open connections to its peers, and on a loaded machine that can outlast a 500 ms protocol
   * timeout: a lesson is about the protocol, so it starts on a cluster that has served.
   */
  private static void warmUp(LessonCluster cluster) throws StepFailed, InterruptedException {
    for (String node : cluster.config.ids()) {
      Optional<String> problem =
          poll(
              WARM_UP,
              () -> {
                try {
                  boolean stored =
                      cluster
                          .store
                          .put(node, WARM_UP_KEY, node)
                          .get(WARM_UP.toMillis(), TimeUnit.MILLISECONDS);
                  cluster
                      .store
                      .get(node, WARM_UP_KEY)
                      .get(WARM_UP.toMillis(), TimeUnit.MILLISECONDS);
                  return stored ? Optional.empty() : Optional.of("the put was voted down");
                } catch (Exception e) {
                  return Optional.of(String.valueOf(e.getCause() == null ? e : e.getCause()));
                }
              });
      if (problem.isPresent()) {
        throw new StepFailed(
            node
                + " did not serve a put and a get within "
                + WARM_UP.toSeconds()
                + " s of starting: "
                + problem.get());
      }
    }
  }

  private void stopCluster() {
    loads.forEach(Load::stop);
    loads.clear();
    clusters.forEach(LessonCluster::close);
    clusters.clear();
    cluster = null;
    named.clear();
    holding.clear();
    latest = null;
  }

  Operation operation(String name) {
    return name.isEmpty() ? latest : named.get(name);
  }

  /**
   * Asks check until it reports no problem or the time is up; returns the last problem it reported.
   * A check that throws counts as a problem (e.g. a node that cannot be reached yet).
   */
  static Optional<String> poll(Duration within, Supplier<Optional<String>> check)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<String> problem;
      try {
        problem = check.get();
      } catch (RuntimeException e) {
        problem = Optional.of(String.valueOf(e.getMessage()));
      }
      if (problem.isEmpty() || System.nanoTime() > deadline) {
        return problem;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  @Override
  public void close() {
    stopCluster();
    timer.shutdownNow();
  }
}
