package dev.caplab.nemesis;

import dev.caplab.client.AdminClient;
import dev.caplab.cluster.Supervisor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Chooses and injects faults, one per step, from a seeded random source, so a seed names a
 * campaign: which fault, on which node, and how long it lasts (the cluster's reaction is of course
 * its own). At most one node is down at a time, so the cluster keeps making progress; a node down
 * for three steps is restarted (counted as a restart fault when restart is enabled). Partitions,
 * slow nodes and holds are lifted two steps after they began. Called from one thread.
 */
final class FaultInjector {

  /** Steps a partition or slowDown lasts. */
  private static final int LIFETIME = 2;

  private final Supervisor supervisor;
  private final AdminClient admin;
  private final List<String> nodes;
  private final List<Fault> enabled;
  private final Random random;
  private final PrintStream log;
  private final LongSupplier elapsedMillis;
  private final Map<String, Integer> down = new LinkedHashMap<>(); // node -> step it was killed
  private final List<Runnable> lifting = new ArrayList<>();
  private final List<Integer> liftAt = new ArrayList<>();
  private final List<CompletableFuture<Void>> restarts = new ArrayList<>();
  private int step;
  private int injected;

  FaultInjector(
      Supervisor supervisor,
      AdminClient admin,
      List<String> nodes,
      Set<Fault> enabled,
      long seed,
      PrintStream log,
      LongSupplier elapsedMillis) {
    this.supervisor = supervisor;
    this.admin = admin;
    this.nodes = List.copyOf(nodes);
    this.enabled = List.copyOf(EnumSet.copyOf(enabled));
    this.random = new Random(seed);
    this.log = log;
    this.elapsedMillis = elapsedMillis;
  }

  int injected() {
    return injected;
  }

  /** Milliseconds to the next step: 1-2 s. */
  long pause() {
    return 1_000 + random.nextInt(1_001);
  }

  /** One step: lift what has run its time, then inject one fault. */
  void step() {
    step++;
    for (int i = lifting.size() - 1; i >= 0; i--) {
      if (liftAt.get(i) <= step) {
        lifting.remove(i).run();
        liftAt.remove(i);
      }
    }
    for (Map.Entry<String, Integer> node : List.copyOf(down.entrySet())) {
      if (node.getValue() + 3 <= step) {
        restart(
            node.getKey(), enabled.contains(Fault.RESTART)); // kill alone would stop the cluster
      }
    }
    List<Fault> candidates =
        enabled.stream()
            .filter(
                f ->
                    !(f == Fault.KILL && !down.isEmpty())
                        && !(f == Fault.RESTART && down.isEmpty()))
            .toList();
    if (candidates.isEmpty()) {
      return;
    }
    switch (candidates.get(random.nextInt(candidates.size()))) {
      case KILL -> kill(pick(live()));
      case RESTART -> restart(down.keySet().iterator().next(), true);
      case PARTITION -> partition();
      case SLOW -> slow(pick(live()));
      case HOLD -> hold(pick(live()));
    }
  }

  /**
   * Lifts every partition, slowDown and hold, and restarts the nodes that are down; waits for them
   * to serve.
   */
  void healAll() throws Exception {
    lifting.forEach(Runnable::run);
    lifting.clear();
    liftAt.clear();
    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (String node : nodes) {
      calls.add(quietly(admin.clearRule(node, "")));
      calls.add(quietly(admin.restore(node)));
      calls.add(quietly(admin.setHold(node, false)));
    }
    for (String node : List.copyOf(down.keySet())) {
      restarts.add(supervisor.start(node));
      down.remove(node);
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (CompletableFuture<Void> restart : restarts) {
      restart.exceptionally(e -> null).get(120, TimeUnit.SECONDS);
    }
    // A node that was starting when killed, or whose restart failed, is started again here.
    supervisor.startAll().get(120, TimeUnit.SECONDS);
    log("heal", "all rules cleared, every node restored and serving");
  }

  private void kill(String node) {
    supervisor.kill(node);
    down.put(node, step);
    injected++;
    log("kill", node + " (SIGKILL)");
  }

  private void restart(String node, boolean counted) {
    down.remove(node);
    restarts.add(
        supervisor
            .start(node)
            .exceptionally(
                e -> {
                  String why =
                      String.valueOf(
                          e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                  log("restart", node + " did not start: " + why.lines().findFirst().orElse(""));
                  return null;
                }));
    injected += counted ? 1 : 0;
    log("restart", node);
  }

  private void partition() {
    List<String> live = live();
    String node = pick(live);
    if (random.nextBoolean() || live.size() < 2) {
      List<String> others = nodes.stream().filter(n -> !n.equals(node)).toList();
      others.forEach(other -> quietly(admin.partition(node, other)));
      later(() -> others.forEach(other -> quietly(admin.heal(node, other))));
      injected++;
      log("partition", "isolate " + node + " from " + String.join(", ", others));
    } else {
      String peer = pick(nodes.stream().filter(n -> !n.equals(node)).toList());
      quietly(admin.setRule(node, new AdminClient.Rule(peer, 0, 0, true)));
      later(() -> quietly(admin.clearRule(node, peer)));
      injected++;
      log("partition", "drop " + node + " -> " + peer + " (one way)");
    }
  }

  private void slow(String node) {
    int seconds = 1 + random.nextInt(2);
    quietly(admin.slowDown(node, seconds));
    later(() -> quietly(admin.restore(node)));
    injected++;
    log("slow", node + " by " + seconds + " s per request");
  }

  /** Holds the node's outgoing messages for 200-800 ms, then drops them all or releases them. */
  private void hold(String node) {
    boolean drop = random.nextInt(3) > 0;
    long millis = 200 + random.nextInt(601);
    quietly(admin.setHold(node, true));
    CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              CompletableFuture<?> end =
                  drop ? quietly(admin.dropHeld(node, 0)) : CompletableFuture.completedFuture(null);
              end.thenRun(() -> quietly(admin.setHold(node, false)));
            });
    injected++;
    log(
        "hold",
        node
            + "'s outgoing messages for "
            + millis
            + " ms, then "
            + (drop ? "drop them" : "release them"));
  }

  private void later(Runnable lift) {
    lifting.add(lift);
    liftAt.add(step + LIFETIME);
  }

  /** From our own record, not the processes' state, so that a seed replays the same choices. */
  private List<String> live() {
    return nodes.stream().filter(n -> !down.containsKey(n)).toList();
  }

  private String pick(List<String> from) {
    return from.isEmpty()
        ? nodes.get(random.nextInt(nodes.size()))
        : from.get(random.nextInt(from.size()));
  }

  /** A call to a node that is down fails; the campaign goes on. */
  private static <T> CompletableFuture<T> quietly(CompletableFuture<T> call) {
    return call.exceptionally(e -> null);
  }

  private void log(String what, String detail) {
    log.printf(Locale.ROOT, "%7.2f s  %-9s %s%n", elapsedMillis.getAsLong() / 1000.0, what, detail);
  }
}
