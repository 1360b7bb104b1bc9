package dev.caplab.ui;

import dev.caplab.client.AdminClient;
import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import dev.caplab.lesson.Action;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Step mode: every node holds its outgoing requests, and the user delivers or drops them one at a
 * time. The parked messages come from the nodes' HELD and RELEASED events, and each admin answer
 * (which lists what is still held) corrects them. All methods run on the FX thread.
 */
final class StepModeViewModel {

  /**
   * Housekeeping and recovery are not held, so the cluster stays healthy while one request is
   * stepped through and a slave left in doubt asks about its transaction by itself: read leases,
   * probes, anti-entropy, a slave's join and catch-up, and the in-doubt question.
   */
  static final Set<String> PASS_TYPES =
      Set.of(
          "lease",
          "probe",
          "anti-entropy-digest",
          "anti-entropy-delta",
          "join",
          "catch-up",
          "tx-status");

  private static final int HOLD_ATTEMPTS = 20;
  private static final long RETRY_MILLIS = 250;
  private static final int GONE_KEPT = 4096;

  /** A message waiting at its sender; {@code id} is the sender's hold-queue id. */
  record Parked(
      String node, long id, String to, String type, String key, String txId, long sinceMillis) {

    /** What the parked message shows: "prepare tx 7", "write color". */
    String text() {
      if (!txId.isEmpty()) {
        return type + " tx " + txId;
      }
      return key.isEmpty() ? type : type + " " + key;
    }

    MessageKind kind() {
      return MessageKind.of(type);
    }
  }

  private final FxInbox inbox;
  private final Supplier<Optional<ClusterGateway>> gateway;
  private final Consumer<String> message;
  private final ReadOnlyBooleanWrapper on = new ReadOnlyBooleanWrapper();
  private final ObservableList<Parked> parked = FXCollections.observableArrayList();
  private final ObservableList<Parked> readOnlyParked =
      FXCollections.unmodifiableObservableList(parked);
  private final Set<String> alive = new HashSet<>();
  private final Set<String> holdingNodes = new HashSet<>();
  private final ReadOnlyIntegerWrapper holding = new ReadOnlyIntegerWrapper();

  /**
   * Ids released or dropped per node, so a HELD event that arrives after its admin answer is not
   * parked again.
   */
  private final Map<String, Set<Long>> gone = new HashMap<>();

  private Consumer<Action> recorder = action -> {};

  StepModeViewModel(
      FxInbox inbox, Supplier<Optional<ClusterGateway>> gateway, Consumer<String> message) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.message = message;
  }

  /**
   * Whether the nodes hold their requests (also before Start: each node holds as soon as it
   * serves).
   */
  ReadOnlyBooleanProperty onProperty() {
    return on.getReadOnlyProperty();
  }

  /** How many nodes have confirmed that they hold. */
  ReadOnlyIntegerProperty holdingProperty() {
    return holding.getReadOnlyProperty();
  }

  /** Messages waiting to be delivered, oldest first. */
  ObservableList<Parked> parked() {
    return readOnlyParked;
  }

  /**
   * Hears step mode switched and each message delivered or dropped, as lesson steps (for a
   * recording).
   */
  void recordTo(Consumer<Action> listener) {
    recorder = listener;
  }

  // Commands

  void setOn(boolean value) {
    if (on.get() == value) {
      return;
    }
    on.set(value);
    recorder.accept(new Action.StepMode(value, List.of()));
    gateway.get().ifPresent(g -> alive.forEach(node -> hold(g, node, value)));
    message.accept(
        value
            ? "Step mode: each node holds the messages of client requests. Click one to deliver it, right-click to"
                + " drop it, N delivers the oldest."
            : "Step mode off: every held message was delivered.");
  }

  void toggle() {
    setOn(!on.get());
  }

  void deliver(Parked p) {
    recorder.accept(settled(p, false));
    settle(p.node(), p.id(), true);
  }

  void drop(Parked p) {
    recorder.accept(settled(p, true));
    settle(p.node(), p.id(), false);
  }

  /**
   * A lesson's deliver (or drop) of this message: its type, sender, receiver and key, not its queue
   * id.
   */
  private static Action settled(Parked p, boolean drop) {
    return new Action.Deliver(
        drop, p.node(), p.to(), p.type(), p.key(), false, LessonRecorder.DELIVER_WITHIN);
  }

  void deliverOldest() {
    if (!parked.isEmpty()) {
      deliver(parked.get(0));
    }
  }

  void deliverAll() {
    parked.forEach(p -> recorder.accept(settled(p, false)));
    gateway
        .get()
        .ifPresent(
            g ->
                new ArrayList<>(alive)
                    .forEach(
                        node -> {
                          forget(node, p -> true);
                          inbox.deliver(
                              g.release(node, 0), (state, error) -> reconcile(node, state, error));
                        }));
  }

  /** A new cluster: nothing is parked, no node runs yet. */
  void reset() {
    parked.clear();
    alive.clear();
    holdingNodes.clear();
    holding.set(0);
    gone.clear();
  }

  // Facts

  /** HELD and RELEASED events; others are ignored. */
  void onEvent(NodeEvent e) {
    if (!e.type().equals("HELD") && !e.type().equals("RELEASED")) {
      return;
    }
    long id = heldId(e.detail());
    if (id <= 0) {
      return;
    }
    if (e.type().equals("RELEASED")) {
      forget(e.node(), p -> p.id() == id);
      markGone(e.node(), id);
    } else if (alive.contains(e.node())
        && !gone.getOrDefault(e.node(), Set.of()).contains(id)
        && parked.stream().noneMatch(p -> p.node().equals(e.node()) && p.id() == id)) {
      add(new Parked(e.node(), id, e.peer(), e.label(), e.key(), e.txId(), e.wallMillis()));
    }
  }

  /**
   * A node process changed: a serving node holds if step mode is on; a dead one's queue died with
   * it. A node whose event stream connected serves too (it may say so before its health check
   * does).
   */
  void onProcess(String node, NodeProcessState state) {
    if (state == NodeProcessState.SERVING) {
      alive.add(node);
      // Asked again until the node confirms: its stream may connect before it answers admin calls.
      if (on.get() && !holdingNodes.contains(node)) {
        gateway.get().ifPresent(g -> hold(g, node, true));
      }
      return;
    }
    if (state != NodeProcessState.STARTING) {
      alive.remove(node);
      holdingNodes.remove(node);
      holding.set(holdingNodes.size());
      gone.remove(node); // a new process numbers its held messages from 1 again
      forget(node, p -> true);
    }
  }

  private void hold(ClusterGateway g, String node, boolean value) {
    hold(g, node, value, 1);
  }

  private void hold(ClusterGateway g, String node, boolean value, int attempt) {
    inbox.deliver(
        g.setHold(node, value, value ? PASS_TYPES : Set.of()),
        (state, error) -> {
          if (error != null) {
            if (value && attempt < HOLD_ATTEMPTS && alive.contains(node)) {
              // A node that just came up may refuse for a moment (its channel was backing off): ask
              // again shortly.
              CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS)
                  .execute(
                      () ->
                          inbox.post(
                              () -> {
                                if (on.get()
                                    && alive.contains(node)
                                    && !holdingNodes.contains(node)) {
                                  hold(g, node, true, attempt + 1);
                                }
                              }));
              return;
            }
            message.accept(
                node
                    + ": could not turn hold mode "
                    + (value ? "on" : "off")
                    + ": "
                    + error.getMessage());
            return;
          }
          if (state.hold() && alive.contains(node)) {
            holdingNodes.add(node);
          } else {
            holdingNodes.remove(node);
          }
          holding.set(holdingNodes.size());
          reconcile(node, state, null);
        });
  }

  private void settle(String node, long id, boolean deliver) {
    Optional<ClusterGateway> g = gateway.get();
    if (g.isEmpty()) {
      return;
    }
    forget(node, p -> p.id() == id);
    markGone(node, id);
    CompletableFuture<AdminClient.HoldState> call =
        deliver ? g.get().release(node, id) : g.get().dropHeld(node, id);
    inbox.deliver(call, (state, error) -> reconcile(node, state, error));
  }

  /** The node's own list of what it holds replaces ours. */
  private void reconcile(String node, AdminClient.HoldState state, Throwable error) {
    if (error != null) {
      message.accept(node + ": " + error.getMessage());
      return;
    }
    if (!alive.contains(node)) {
      return;
    }
    Set<Long> still = new HashSet<>();
    for (AdminClient.Held h : state.messages()) {
      still.add(h.id());
    }
    forget(node, p -> !still.contains(p.id()));
    Set<Long> ignore = gone.getOrDefault(node, Set.of());
    for (AdminClient.Held h : state.messages()) {
      if (!ignore.contains(h.id())
          && parked.stream().noneMatch(p -> p.node().equals(node) && p.id() == h.id())) {
        add(new Parked(node, h.id(), h.to(), h.type(), h.key(), h.txId(), h.heldSinceMillis()));
      }
    }
  }

  private void markGone(String node, long id) {
    Set<Long> ids = gone.computeIfAbsent(node, n -> new HashSet<>());
    if (ids.size() >= GONE_KEPT) {
      ids.clear(); // a long session: old ids' late events are long past
    }
    ids.add(id);
  }

  private void add(Parked p) {
    int at = 0;
    Comparator<Parked> order =
        Comparator.comparingLong(Parked::sinceMillis)
            .thenComparing(Parked::node)
            .thenComparingLong(Parked::id);
    while (at < parked.size() && order.compare(parked.get(at), p) <= 0) {
      at++;
    }
    parked.add(at, p);
  }

  private void forget(String node, java.util.function.Predicate<Parked> which) {
    parked.removeIf(p -> p.node().equals(node) && which.test(p));
  }

  /** The id in a HELD/RELEASED event's detail ("id=7", "released id=7"); 0 when there is none. */
  static long heldId(String detail) {
    int at = detail.indexOf("id=");
    if (at < 0) {
      return 0;
    }
    try {
      return Long.parseLong(detail.substring(at + 3).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
