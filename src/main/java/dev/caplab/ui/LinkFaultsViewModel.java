package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Per-link faults: cut a link both ways or one way, delay it, heal it. What a link shows comes from
 * the rules the nodes report (listRules, asked about once a second and right after every command),
 * never only from what the GUI asked for: a node that restarts has no rules, and its links are
 * drawn open again on that side. A cut from a to b is a drop rule on a for peer b; a delay is a
 * delay rule; each direction holds one rule. All methods run on the FX thread; answers arrive
 * through the inbox.
 */
final class LinkFaultsViewModel {

  static final long POLL_NANOS = 1_000_000_000L;
  static final int DEFAULT_DELAY_MS = 200;

  private final FxInbox inbox;
  private final Supplier<Optional<ClusterGateway>> gateway;
  private final Consumer<String> message;

  /** Rules each node reported for what it sends, by peer. */
  private final Map<String, Map<String, LinkState.Way>> outbound = new HashMap<>();

  private final Map<String, ReadOnlyObjectWrapper<LinkState>> links = new HashMap<>();

  /**
   * Bumped by every command on a node, so that a poll answer asked for before it is not shown after
   * it.
   */
  private final Map<String, Integer> generation = new HashMap<>();

  private final Set<String> polling = new HashSet<>();
  private BiConsumer<String, Boolean> done = (label, repair) -> {};
  private long lastPoll;

  LinkFaultsViewModel(
      FxInbox inbox, Supplier<Optional<ClusterGateway>> gateway, Consumer<String> message) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.message = message;
  }

  /**
   * Hears each link command that took effect ("cut node_0→node_1", repair or fault), for the
   * charts' markers.
   */
  void onDone(BiConsumer<String, Boolean> listener) {
    done = listener;
  }

  /** The link between a and b (either order), open until the nodes report a rule. */
  ReadOnlyObjectProperty<LinkState> link(String a, String b) {
    return wrapper(a, b).getReadOnlyProperty();
  }

  // Commands

  /** A new config or cluster: every link open, nothing known. */
  void reset() {
    outbound.clear();
    generation.clear();
    polling.clear();
    links.values().forEach(w -> w.set(LinkState.open(w.get().a(), w.get().b())));
  }

  /** Drops every message from sender to receiver (one way). */
  void cut(String sender, String receiver) {
    command(
        sender + "→" + receiver + " cut",
        false,
        List.of(() -> setRule(sender, new AdminClient.Rule(receiver, 0, 0, true))),
        "Cut "
            + sender
            + " → "
            + receiver
            + ": "
            + sender
            + " now drops what it sends to "
            + receiver
            + ".");
  }

  void cutBothWays(String a, String b) {
    command(
        a + "↔" + b + " cut",
        false,
        List.of(
            () -> setRule(a, new AdminClient.Rule(b, 0, 0, true)),
            () -> setRule(b, new AdminClient.Rule(a, 0, 0, true))),
        "Cut " + a + " ↔ " + b + ": neither hears from the other.");
  }

  /** Delays every message from sender to receiver by millis (one way). */
  void delay(String sender, String receiver, int millis) {
    command(
        sender + "→" + receiver + " +" + millis + " ms",
        false,
        List.of(() -> setRule(sender, new AdminClient.Rule(receiver, millis, 0, false))),
        "Delayed " + sender + " → " + receiver + " by " + millis + " ms.");
  }

  void delayBothWays(String a, String b, int millis) {
    command(
        a + "↔" + b + " +" + millis + " ms",
        false,
        List.of(
            () -> setRule(a, new AdminClient.Rule(b, millis, 0, false)),
            () -> setRule(b, new AdminClient.Rule(a, millis, 0, false))),
        "Delayed " + a + " ↔ " + b + " by " + millis + " ms each way.");
  }

  /** Removes both ends' rules for the link. */
  void heal(String a, String b) {
    command(
        a + "↔" + b + " healed",
        true,
        List.of(() -> clearRule(a, b), () -> clearRule(b, a)),
        "Healed " + a + " ↔ " + b + ": messages go through both ways again.");
  }

  /** The node's process ended or restarted: it applies no rules any more. */
  void nodeGone(String node) {
    bump(node);
    show(node, List.of());
  }

  /**
   * Asks every live node for its rules now (after an isolate or heal of a whole node, for
   * instance).
   */
  void refreshNow(List<NodeViewModel> nodes) {
    for (NodeViewModel n : nodes) {
      if (n.status().alive() && n.status() != NodeStatus.STARTING) {
        bump(n.id());
        poll(n.id());
      }
    }
  }

  /** Called every frame: asks each live node for its rules about once a second. */
  void tick(long nowNanos, List<NodeViewModel> nodes) {
    if (nowNanos - lastPoll < POLL_NANOS || gateway.get().isEmpty()) {
      return;
    }
    lastPoll = nowNanos;
    for (NodeViewModel n : nodes) {
      if (n.status().alive() && n.status() != NodeStatus.STARTING && !polling.contains(n.id())) {
        poll(n.id());
      }
    }
  }

  private void poll(String node) {
    Optional<ClusterGateway> g = gateway.get();
    if (g.isEmpty()) {
      return;
    }
    int asked = generation.getOrDefault(node, 0);
    polling.add(node);
    inbox.deliver(
        g.get().rules(node),
        (rules, error) -> {
          polling.remove(node);
          if (error == null && asked == generation.getOrDefault(node, 0)) {
            show(node, rules);
          }
        });
  }

  private interface Call {
    /** Starts one admin call; its answer (the node's rules) is shown when it arrives. */
    CompletableFuture<Void> start();
  }

  private void command(String marker, boolean repair, List<Call> calls, String success) {
    if (gateway.get().isEmpty()) {
      message.accept("Start the cluster first.");
      return;
    }
    CompletableFuture<?>[] started =
        calls.stream().map(Call::start).toArray(CompletableFuture[]::new);
    inbox.deliver(
        CompletableFuture.allOf(started),
        (v, error) -> {
          if (error == null) {
            message.accept(success);
            done.accept(marker, repair);
          } else {
            message.accept(
                "Link "
                    + marker
                    + " failed: "
                    + error.getMessage()
                    + " (a node that is down keeps no rules).");
          }
        });
  }

  private CompletableFuture<Void> setRule(String node, AdminClient.Rule rule) {
    bump(node);
    return answered(node, gateway.get().orElseThrow().setRule(node, rule));
  }

  private CompletableFuture<Void> clearRule(String node, String peer) {
    bump(node);
    return answered(node, gateway.get().orElseThrow().clearRule(node, peer));
  }

  /** The node answers its rules after the call: shown as they are, whatever the GUI expected. */
  private CompletableFuture<Void> answered(
      String node, CompletableFuture<List<AdminClient.Rule>> call) {
    int asked = generation.get(node);
    return call.thenAccept(
        rules ->
            inbox.post(
                () -> {
                  if (asked == generation.getOrDefault(node, 0)) {
                    show(node, rules);
                  }
                }));
  }

  private void bump(String node) {
    generation.merge(node, 1, Integer::sum);
  }

  /** The node's reported rules replace what was known of its side of each link. */
  void show(String node, List<AdminClient.Rule> rules) {
    Map<String, LinkState.Way> ways = new HashMap<>();
    for (AdminClient.Rule r : rules) {
      ways.put(r.peer(), new LinkState.Way(r.drop(), r.delayMillis(), r.jitterMillis()));
    }
    Map<String, LinkState.Way> before = outbound.put(node, ways);
    Set<String> peers = new HashSet<>(ways.keySet());
    if (before != null) {
      peers.addAll(before.keySet());
    }
    for (String peer : peers) {
      ReadOnlyObjectWrapper<LinkState> w = wrapper(node, peer);
      w.set(state(w.get().a(), w.get().b()));
    }
  }

  private LinkState state(String a, String b) {
    return new LinkState(a, b, way(a, b), way(b, a));
  }

  private LinkState.Way way(String from, String to) {
    return outbound.getOrDefault(from, Map.of()).getOrDefault(to, LinkState.Way.OPEN);
  }

  private ReadOnlyObjectWrapper<LinkState> wrapper(String a, String b) {
    String key = a.compareTo(b) < 0 ? a + "\n" + b : b + "\n" + a;
    return links.computeIfAbsent(key, k -> new ReadOnlyObjectWrapper<>(state(a, b)));
  }
}
