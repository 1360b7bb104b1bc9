package dev.caplab.nemesis;

import dev.caplab.client.AdminClient;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.client.StoreClient;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.core.history.HistoryJson;
import dev.caplab.core.history.HistoryRecorder;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Verdict;
import dev.caplab.core.history.ViolationReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A fault campaign under load, as Jepsen and etcd's robustness tests run them: starts the cluster
 * of a config as real processes, runs concurrent clients over every node while a fault is injected
 * every 1-2 s (chosen by the seed), then heals everything, waits for the replicas to agree and
 * checks that no acknowledged put was lost on any replica, that no node serves an overwritten
 * value, and that the whole history is linearizable per key. Writes the history (JSON Lines) for
 * {@code caplab check}. Runs on the caller's thread.
 */
public final class Nemesis {

  /** The campaign. clientDeadline bounds each client call; a call past it is an unknown outcome. */
  public record Settings(
      ClusterConfig config,
      Path dataDir,
      Duration duration,
      long seed,
      Set<Fault> faults,
      Path historyFile,
      int clients,
      int keys,
      Duration clientDeadline) {}

  /** What a campaign found; clean() is what the exit code says. */
  public record Report(
      int faults,
      int operations,
      int acknowledged,
      int lost,
      int stale,
      boolean linearizable,
      boolean converged) {

    public boolean clean() {
      return lost == 0 && stale == 0 && linearizable;
    }

    /** {@code faults=… ops=… acked=… lost=… stale=… linearizable=yes|no}. */
    public String summary() {
      return "faults="
          + faults
          + " ops="
          + operations
          + " acked="
          + acknowledged
          + " lost="
          + lost
          + " stale="
          + stale
          + " linearizable="
          + (linearizable ? "yes" : "no");
    }
  }

  private static final Duration CONVERGENCE = Duration.ofSeconds(90);
  private static final Duration FINAL_READS = Duration.ofSeconds(20);

  private final Settings settings;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final long startEpochMicros = System.currentTimeMillis() * 1_000;

  public Nemesis(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public Report run() throws Exception {
    ClusterConfig config = settings.config();
    List<String> nodes = config.ids();
    // Micros since the epoch, advanced by the monotonic clock: comparable with the nodes' event
    // times.
    HistoryRecorder history =
        new HistoryRecorder(() -> startEpochMicros + (System.nanoTime() - startNanos) / 1_000);
    try (Supervisor supervisor = new Supervisor(config, settings.dataDir());
        StoreClient client = new StoreClient(config, settings.clientDeadline());
        AdminClient admin = new AdminClient(config)) {
      out.printf(
          Locale.ROOT,
          "nemesis: %s (%s), %d s, seed %d, faults %s, %d clients on %d keys, data in %s%n",
          config.source(),
          config.mode().name().toLowerCase(Locale.ROOT),
          settings.duration().toSeconds(),
          settings.seed(),
          settings.faults().stream().map(Fault::label).sorted().toList(),
          settings.clients(),
          settings.keys(),
          settings.dataDir());
      supervisor.startAll().get(120, TimeUnit.SECONDS);
      log("ready", String.join(", ", nodes) + " serving");

      Workload workload =
          new Workload(
              client,
              history,
              nodes,
              settings.clients(),
              settings.keys(),
              settings.seed(),
              settings.clientDeadline().toMillis());
      FaultInjector faults =
          new FaultInjector(
              supervisor,
              admin,
              nodes,
              settings.faults(),
              settings.seed(),
              out,
              this::elapsedMillis);
      workload.start();
      long end = System.nanoTime() + settings.duration().toNanos();
      while (true) {
        long pause = faults.pause();
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= pause) {
          Thread.sleep(Math.max(0, left)); // pacing of the campaign, not a wait for an outcome
          break;
        }
        Thread.sleep(pause);
        faults.step();
      }
      workload.stop();
      faults.healAll();

      Map<String, Map<String, String>> replicas = converge(admin, nodes);
      boolean converged = replicas != null;
      if (!converged) {
        replicas = snapshot(admin, nodes);
      }
      Expectations expect = new Expectations(history.operations());
      int lost = countLost(replicas, expect);
      int stale = finalReads(workload, nodes, expect);

      List<Operation> ops = history.operations();
      Path file = settings.historyFile();
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      HistoryJson.write(file, ops);
      Verdict verdict = LinearizabilityChecker.check(ops);
      out.println(verdict.headline());
      if (!verdict.linearizable()) {
        long origin = ops.stream().mapToLong(Operation::invokeMicros).min().orElse(0);
        ViolationReport.lines(verdict.violation(), origin).forEach(out::println);
      }
      int acked = (int) ops.stream().filter(op -> op.isPut() && op.outcome() == Outcome.OK).count();
      out.printf(
          Locale.ROOT,
          "history: %s (%d ops: %d puts acknowledged, %d unknown, %d failed); check it again"
              + " with `caplab check %s`%n",
          file,
          ops.size(),
          acked,
          ops.stream().filter(op -> op.outcome() == Outcome.UNKNOWN).count(),
          ops.stream().filter(op -> op.outcome() == Outcome.FAIL).count(),
          file);
      Report report =
          new Report(
              faults.injected(), ops.size(), acked, lost, stale, verdict.linearizable(), converged);
      out.println(report.summary());
      return report;
    }
  }

  /**
   * Polls until every node serves and all hold the same values; null if they do not within the
   * limit.
   */
  private Map<String, Map<String, String>> converge(AdminClient admin, List<String> nodes)
      throws Exception {
    long deadline = System.nanoTime() + CONVERGENCE.toNanos();
    Map<String, Map<String, String>> last = null;
    while (System.nanoTime() < deadline) {
      Map<String, Map<String, String>> data = snapshot(admin, nodes);
      if (data != null && data.values().stream().distinct().count() == 1) {
        log(
            "converged",
            nodes.size()
                + " replicas agree on "
                + data.values().iterator().next().size()
                + " keys");
        return data;
      }
      last = data;
      Thread.sleep(250); // polling interval
    }
    log(
        "diverged",
        "replicas still differ after "
            + CONVERGENCE.toSeconds()
            + " s"
            + (last == null ? " (a node does not serve)" : ""));
    return null;
  }

  /** Every node's data (key to value), or null if a node does not answer or is not serving yet. */
  private Map<String, Map<String, String>> snapshot(AdminClient admin, List<String> nodes) {
    Map<String, Map<String, String>> data = new HashMap<>();
    for (String node : nodes) {
      try {
        NodeSnapshot snapshot = admin.inspect(node, 1_000_000, 1).get(10, TimeUnit.SECONDS);
        if (!snapshot.status().equals("serving")) {
          return null;
        }
        Map<String, String> values = new HashMap<>();
        snapshot.entries().forEach(e -> values.put(e.key(), e.value()));
        data.put(node, values);
      } catch (Exception e) {
        return null;
      }
    }
    return data;
  }

  private int countLost(Map<String, Map<String, String>> replicas, Expectations expect) {
    if (replicas == null) {
      log("lost?", "could not read every replica's data");
      return 0;
    }
    int lost = 0;
    for (Map.Entry<String, Map<String, String>> replica : replicas.entrySet()) {
      for (int k = 0; k < settings.keys(); k++) {
        String key = Workload.key(k);
        String value = replica.getValue().get(key);
        if (!expect.allows(key, value)) {
          lost++;
          Operation newest = expect.lastAcknowledged(key);
          log(
              "lost",
              replica.getKey()
                  + " holds "
                  + key
                  + " = "
                  + value
                  + ", but "
                  + (newest == null
                      ? "no put wrote it"
                      : newest.describe()
                          + " was acknowledged after the put of that value completed"));
        }
      }
    }
    return lost;
  }

  /**
   * Reads every key through every node (recorded in the history); counts answers that are not
   * current. A read that fails is tried again for a while: a client connection to a restarted node
   * may need a moment.
   */
  private int finalReads(Workload workload, List<String> nodes, Expectations expect)
      throws InterruptedException {
    int stale = 0;
    for (String node : nodes) {
      long deadline = System.nanoTime() + FINAL_READS.toNanos();
      for (int k = 0; k < settings.keys(); k++) {
        String key = Workload.key(k);
        Workload.Read read = workload.read("final-" + node, node, key);
        while (!read.answered() && System.nanoTime() < deadline) {
          Thread.sleep(100); // retry interval
          read = workload.read("final-" + node, node, key);
        }
        if (!read.answered()) {
          log(
              "unread",
              "get(" + key + ") through " + node + " still fails after healing: " + read.error());
          continue;
        }
        String value = read.value();
        if (!expect.allows(key, value)) {
          stale++;
          log("stale", "get(" + key + ") through " + node + " answered " + value);
        }
      }
    }
    return stale;
  }

  private long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private void log(String what, String detail) {
    out.printf(
        Locale.ROOT,
        "%7.2f s  %-9s %s%n",
        elapsedMillis() / 1000.0,
        what,
        Objects.toString(detail));
  }
}
