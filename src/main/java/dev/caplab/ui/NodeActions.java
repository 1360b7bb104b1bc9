package dev.caplab.ui;

import dev.caplab.lesson.Action;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a user can do to a node: fail, recover, slow down, restore, isolate, heal. The card shows
 * the command at once as pending; the outcome arrives through the inbox. All methods run on the FX
 * thread.
 */
final class NodeActions {

  private final FxInbox inbox;
  private final Supplier<Optional<ClusterGateway>> gateway;
  private final Function<String, Optional<NodeViewModel>> nodes;
  private final Consumer<String> message;
  private BiConsumer<String, String> done = (node, pending) -> {};

  /** The master's crash points (core.twopc.CrashPoint ids; the admin call checks them). */
  static final String AFTER_PREPARE = "after-prepare";

  static final String AFTER_COMMIT = "after-commit";

  private Consumer<Action> recorder = action -> {};

  NodeActions(
      FxInbox inbox,
      Supplier<Optional<ClusterGateway>> gateway,
      Function<String, Optional<NodeViewModel>> nodes,
      Consumer<String> message) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.nodes = nodes;
    this.message = message;
  }

  /**
   * Hears each action that took effect: the node and the card's pending text ("killing…"). For the
   * charts.
   */
  void onDone(BiConsumer<String, String> listener) {
    done = listener;
  }

  /** Hears each action asked for, as a lesson step (for a lesson recording). */
  void recordTo(Consumer<Action> listener) {
    recorder = listener;
  }

  // Commands

  /** SIGKILLs the node's process. */
  void fail(String id) {
    run(
        id,
        "killing…",
        new Action.Fail(id),
        g -> g.kill(id),
        n -> message.accept(id + " killed (SIGKILL)."));
  }

  /** Starts the node again on its data; it recovers and catches up before serving. */
  void recover(String id) {
    run(
        id,
        "starting…",
        new Action.Recover(id),
        g -> g.start(id),
        n -> message.accept(id + " restarted on its data."));
  }

  void slowDown(String id, int seconds) {
    setSlow(id, seconds);
  }

  void restore(String id) {
    setSlow(id, 0);
  }

  /** Cuts the node off from every peer, both ways. */
  void isolate(String id) {
    setIsolated(id, true);
  }

  void heal(String id) {
    setIsolated(id, false);
  }

  /**
   * Arms the master to crash at point (after-prepare, after-commit) in its next commit: a lesson in
   * 2PC blocking on purpose. The master's events show the arming, then the crash.
   */
  void armCrash(String id, String point) {
    run(
        id,
        "arming…",
        new Action.ArmCrash(id, point),
        g -> g.armCrash(id, point),
        n ->
            message.accept(
                id
                    + " will crash "
                    + point
                    + " in its next commit: put a key to see"
                    + (point.equals(AFTER_PREPARE)
                        ? " the slaves left in doubt."
                        : " a decision nobody was told.")));
  }

  /** Slows the node down by seconds, or restores its speed with 0. */
  private void setSlow(String id, int seconds) {
    boolean slow = seconds > 0;
    run(
        id,
        slow ? "slowing…" : "restoring…",
        slow ? new Action.Slow(id, seconds) : new Action.Restore(id),
        g -> slow ? g.slowDown(id, seconds) : g.restore(id),
        n -> {
          n.setSlowSeconds(seconds);
          message.accept(
              slow
                  ? id + " now delays every request by " + seconds + " s."
                  : id + " restored to full speed.");
        });
  }

  private void setIsolated(String id, boolean cut) {
    run(
        id,
        cut ? "isolating…" : "healing…",
        cut ? new Action.Isolate(id) : new Action.HealNode(id),
        g -> cut ? g.isolate(id) : g.heal(id),
        n -> {
          n.setIsolated(cut);
          message.accept(
              cut
                  ? id + " is cut off from its peers (messages both ways are dropped)."
                  : id + " reconnected to its peers.");
        });
  }

  private void run(
      String id,
      String pending,
      Action action,
      Function<ClusterGateway, CompletableFuture<Void>> call,
      Consumer<NodeViewModel> onSuccess) {
    Optional<NodeViewModel> node = nodes.apply(id);
    Optional<ClusterGateway> g = gateway.get();
    if (node.isEmpty()) {
      return;
    }
    if (g.isEmpty()) {
      message.accept("Start the cluster first.");
      return;
    }
    NodeViewModel n = node.get();
    n.setPendingAction(pending);
    recorder.accept(
        action); // when asked for, so the recorded wait before it is the user's, not a restart's
    inbox.deliver(
        call.apply(g.get()),
        (v, error) -> {
          n.setPendingAction("");
          if (error == null) {
            onSuccess.accept(n);
            done.accept(id, pending);
          } else {
            // An attached node without a supervisor: the reason is the whole message, with what to
            // do about it.
            message.accept(
                error instanceof UnsupportedOperationException
                    ? error.getMessage()
                    : id + ": " + pending.replace("…", "") + " failed: " + error.getMessage());
          }
        });
  }
}
