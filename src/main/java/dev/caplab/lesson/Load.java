package dev.caplab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop clients for a lesson: each sends one put or get at a time, on the nodes in turn, with
 * a short pause between operations so that a 2-core machine keeps up. Every operation goes into the
 * cluster's record, so the verdict covers it. Thread-safe.
 */
final class Load {

  static final long PAUSE_MILLIS = 20;

  private final LessonCluster cluster;
  private final Action.StartLoad spec;
  private final ScheduledExecutorService timer;
  private final List<String> nodes;
  private final List<CompletableFuture<Void>> clients = new ArrayList<>();
  private volatile boolean stopped;

  Load(LessonCluster cluster, Action.StartLoad spec, ScheduledExecutorService timer) {
    this.cluster = cluster;
    this.spec = spec;
    this.timer = timer;
    this.nodes = spec.nodes().isEmpty() ? cluster.config.ids() : spec.nodes();
  }

  void start() {
    for (int i = 0; i < spec.clients(); i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      clients.add(done);
      next(i, 0, new Random(i), done);
    }
  }

  /** Stops issuing; completes when every client's last operation has ended. */
  CompletableFuture<Void> stop() {
    stopped = true;
    return CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new));
  }

  private void next(int client, int n, Random random, CompletableFuture<Void> done) {
    if (stopped) {
      done.complete(null);
      return;
    }
    String process = "load-" + client;
    String node = nodes.get((client + n) % nodes.size());
    String key = spec.keys().get(random.nextInt(spec.keys().size()));
    Operation op =
        random.nextDouble() < spec.readRatio()
            ? cluster.get(process, node, key)
            : cluster.put(process, node, key, "c" + client + "-" + n);
    op.result.whenComplete(
        (r, e) ->
            timer.schedule(
                () -> next(client, n + 1, random, done), PAUSE_MILLIS, TimeUnit.MILLISECONDS));
  }
}
