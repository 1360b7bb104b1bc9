package dev.caplab.lesson;

import dev.caplab.client.AdminClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Does what a {@code do} step says to the real cluster, as the GUI would. Puts and gets are sent
 * and not awaited (an expect waits for their result); everything else is done when it returns.
 * Runner thread only.
 */
final class ActionRunner {

  static final Duration ADMIN_WAIT = Duration.ofSeconds(10);
  static final Duration START_WAIT = Duration.ofSeconds(90);
  static final String PROCESS = "lesson";

  private final RunState state;

  ActionRunner(RunState state) {
    this.state = state;
  }

  /** Returns a short description of what was done, for the run's output. */
  String run(Action action) throws StepFailed, InterruptedException {
    state.markMillis = System.currentTimeMillis();
    if (action instanceof Action.Put p) {
      Operation op = state.clusterOf(p.node()).put(PROCESS, p.node(), p.key(), p.value());
      remember(p.name(), op);
      return "sent " + op.describe();
    } else if (action instanceof Action.Get g) {
      Operation op = state.clusterOf(g.node()).get(PROCESS, g.node(), g.key());
      remember(g.name(), op);
      return "sent " + op.describe();
    } else if (action instanceof Action.Fail f) {
      LessonCluster cluster = state.clusterOf(f.node());
      cluster.supervisor.kill(f.node());
      Optional<String> alive =
          RunState.poll(
              ADMIN_WAIT,
              () ->
                  cluster.running(f.node())
                      ? Optional.of(f.node() + " is still running")
                      : Optional.empty());
      if (alive.isPresent()) {
        throw new StepFailed(alive.get() + " " + ADMIN_WAIT.toSeconds() + " s after SIGKILL");
      }
      return "killed " + f.node();
    } else if (action instanceof Action.Recover r) {
      await(
          state.clusterOf(r.node()).supervisor.start(r.node()), START_WAIT, "starting " + r.node());
      return recovered(r.node());
    } else if (action instanceof Action.Slow s) {
      await(
          state.clusterOf(s.node()).admin.slowDown(s.node(), s.seconds()),
          ADMIN_WAIT,
          "slowing " + s.node());
      return s.node() + " delays every request by " + s.seconds() + " s";
    } else if (action instanceof Action.Restore r) {
      await(state.clusterOf(r.node()).admin.restore(r.node()), ADMIN_WAIT, "restoring " + r.node());
      return r.node() + " restored";
    } else if (action instanceof Action.Isolate i) {
      await(eachPeer(i.node(), true), ADMIN_WAIT, "isolating " + i.node());
      return i.node() + " cut off from its peers";
    } else if (action instanceof Action.HealNode h) {
      await(eachPeer(h.node(), false), ADMIN_WAIT, "healing " + h.node());
      return h.node() + " reconnected";
    } else if (action instanceof Action.Cut c) {
      await(
          state.clusterOf(c.a()).admin.partition(c.a(), c.b()),
          ADMIN_WAIT,
          "cutting " + c.a() + "--" + c.b());
      return "link " + c.a() + "--" + c.b() + " cut";
    } else if (action instanceof Action.CutOneWay c) {
      await(
          state
              .cluster
              .admin
              .setRule(c.from(), new AdminClient.Rule(c.to(), 0, 0, true))
              .thenApply(rules -> null),
          ADMIN_WAIT,
          "cutting " + c.from() + "->" + c.to());
      return "link "
          + c.from()
          + "->"
          + c.to()
          + " cut one way ("
          + c.to()
          + " still reaches "
          + c.from()
          + ")";
    } else if (action instanceof Action.HealLink h) {
      await(
          state.clusterOf(h.a()).admin.heal(h.a(), h.b()),
          ADMIN_WAIT,
          "healing " + h.a() + "--" + h.b());
      return "link " + h.a() + "--" + h.b() + " healed";
    } else if (action instanceof Action.StartLoad l) {
      if (!state.loads.isEmpty()) {
        throw new StepFailed("the load is already running; stop it first (`do: stop_load`)");
      }
      for (LessonCluster cluster : state.clusters) {
        // Named nodes load their own cluster; none named, every cluster is loaded alike.
        List<String> nodes =
            l.nodes().stream().filter(n -> cluster.config.findNode(n).isPresent()).toList();
        if (l.nodes().isEmpty() || !nodes.isEmpty()) {
          Load load =
              new Load(
                  cluster,
                  new Action.StartLoad(l.clients(), nodes, l.keys(), l.readRatio()),
                  state.timer);
          state.loads.add(load);
          load.start();
        }
      }
      return "load started: "
          + l.clients()
          + " clients"
          + (state.clusters.size() > 1 && l.nodes().isEmpty() ? " on each cluster" : "");
    } else if (action instanceof Action.StopLoad) {
      if (state.loads.isEmpty()) {
        throw new StepFailed("no load is running; start one first (`do: start_load`)");
      }
      await(
          CompletableFuture.allOf(
              state.loads.stream().map(Load::stop).toArray(CompletableFuture[]::new)),
          LessonCluster.CLIENT_DEADLINE.plusSeconds(5),
          "stopping the load");
      state.loads.clear();
      return "load stopped";
    } else if (action instanceof Action.StepMode m) {
      return stepMode(m);
    } else if (action instanceof Action.Deliver d) {
      return deliver(d);
    } else if (action instanceof Action.ByRole b) {
      return byRole(b);
    } else if (action instanceof Action.RestartCluster r) {
      ClusterConfig config = state.startCluster(r.config());
      return "cluster restarted: "
          + config.ids()
          + " ("
          + config.mode().name().toLowerCase(java.util.Locale.ROOT)
          + ")";
    } else if (action instanceof Action.ArmCrash a) {
      await(
          state.clusterOf(a.node()).admin.armCrash(a.node(), a.point()).thenApply(armed -> null),
          ADMIN_WAIT,
          "arming " + a.node() + " to crash " + a.point());
      return a.node() + " will crash " + a.point() + " in its next commit";
    } else if (action instanceof Action.Wait w) {
      Thread.sleep(w.duration().toMillis());
      return "waited " + w.duration().toMillis() + " ms";
    }
    throw new IllegalArgumentException("unknown action " + action);
  }

  /** After a node serves again: step mode back on if the lesson had it on for the node. */
  private String recovered(String node) throws StepFailed, InterruptedException {
    if (state.holding.contains(node)) {
      LessonCluster cluster = state.clusterOf(node);
      // A node that has just come up may not take admin calls at once: ask again until it does.
      Optional<String> refused =
          RunState.poll(
              ADMIN_WAIT,
              () -> {
                cluster.admin.setHold(node, true).join();
                return Optional.empty();
              });
      if (refused.isPresent()) {
        throw new StepFailed("step mode on " + node + " failed: " + refused.get());
      }
    }
    return node + " restarted and serving";
  }

  /**
   * The same action on the role's node of every cluster. Recoveries start together and are awaited
   * together, so neither cluster comes back first by seconds; the rest take milliseconds each.
   */
  private String byRole(Action.ByRole b) throws StepFailed, InterruptedException {
    List<String> done = new ArrayList<>();
    if (b.actions().stream().allMatch(Action.Recover.class::isInstance)) {
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      for (Action a : b.actions()) {
        String node = ((Action.Recover) a).node();
        starts.add(state.clusterOf(node).supervisor.start(node));
      }
      await(
          CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)),
          START_WAIT,
          "starting " + b.role().words());
      for (Action a : b.actions()) {
        done.add(recovered(((Action.Recover) a).node()));
      }
    } else {
      long mark =
          state.markMillis; // an expect after this step looks at events from its start, for both
      for (Action a : b.actions()) {
        done.add(run(a));
      }
      state.markMillis = mark;
    }
    return b.role().yamlName() + ": " + String.join("; ", done);
  }

  private void remember(String name, Operation op) {
    state.latest = op;
    if (!name.isEmpty()) {
      state.named.put(name, op);
    }
  }

  private CompletableFuture<Void> eachPeer(String node, boolean cut) {
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    LessonCluster cluster = state.clusterOf(node);
    for (NodeConfig peer : cluster.config.peersOf(node)) {
      calls.add(
          cut ? cluster.admin.partition(node, peer.id()) : cluster.admin.heal(node, peer.id()));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
  }

  private String stepMode(Action.StepMode m) throws StepFailed, InterruptedException {
    List<String> nodes =
        m.nodes().isEmpty()
            ? state.clusters.stream().flatMap(c -> c.config.ids().stream()).toList()
            : m.nodes();
    List<String> done = new ArrayList<>();
    for (String node : nodes) {
      if (m.on()) {
        state.holding.add(node);
      } else {
        state.holding.remove(node);
      }
      LessonCluster cluster = state.clusterOf(node);
      if (cluster.running(
          node)) { // a node that is down starts without it; recover turns it on again
        await(cluster.admin.setHold(node, m.on()), ADMIN_WAIT, "step mode on " + node);
        done.add(node);
      }
    }
    return "step mode " + (m.on() ? "on" : "off") + " on " + done;
  }

  private String deliver(Action.Deliver d) throws StepFailed, InterruptedException {
    String verb = d.drop() ? "dropped" : "delivered";
    String what =
        d.message() + " " + d.from() + "->" + d.to() + (d.key().isEmpty() ? "" : " key " + d.key());
    List<AdminClient.Held> matching = new ArrayList<>();
    List<AdminClient.Held> seen = new ArrayList<>();
    Optional<String> missing =
        RunState.poll(
            d.within(),
            () -> {
              AdminClient.HoldState held = state.clusterOf(d.from()).admin.held(d.from()).join();
              seen.clear();
              seen.addAll(held.messages());
              matching.clear();
              held.messages().stream()
                  .filter(
                      h ->
                          h.to().equals(d.to())
                              && h.type().equals(d.message())
                              && (d.key().isEmpty() || h.key().equals(d.key())))
                  .forEach(matching::add);
              return matching.isEmpty() ? Optional.of("none held") : Optional.empty();
            });
    if (missing.isPresent()) {
      throw new StepFailed(
          "no held message "
              + what
              + " within "
              + d.within().toMillis()
              + " ms; "
              + d.from()
              + " holds "
              + describe(seen));
    }
    List<AdminClient.Held> chosen = d.all() ? matching : matching.subList(0, 1);
    for (AdminClient.Held h : chosen) {
      AdminClient admin = state.clusterOf(d.from()).admin;
      await(
          d.drop() ? admin.dropHeld(d.from(), h.id()) : admin.release(d.from(), h.id()),
          ADMIN_WAIT,
          verb + " " + what);
    }
    return verb + " " + chosen.size() + " x " + what;
  }

  private static String describe(List<AdminClient.Held> held) {
    if (held.isEmpty()) {
      return "nothing";
    }
    return held.stream()
        .map(h -> h.type() + "->" + h.to() + (h.key().isEmpty() ? "" : " " + h.key()))
        .toList()
        .toString();
  }

  static <T> T await(CompletableFuture<T> call, Duration max, String what)
      throws StepFailed, InterruptedException {
    try {
      return call.get(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
              ? c.getCause()
              : e.getCause();
      throw new StepFailed(
          what + " failed: " + (cause.getMessage() == null ? cause : cause.getMessage()));
    } catch (TimeoutException e) {
      throw new StepFailed(what + " did not finish within " + max.toSeconds() + " s");
    }
  }
}
