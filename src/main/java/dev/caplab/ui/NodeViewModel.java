package dev.caplab.ui;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One node as the topology shows it: identity, merged status, key count, its latest 2PC phase and
 * quorum count. All methods run on the FX thread.
 */
final class NodeViewModel {

  /** How long a phase banner or vote meter stays bright after its last change. */
  static final long FRESH_NANOS = 4_000_000_000L;

  static final long REACHED_HOLD_NANOS = 600_000_000L;

  /**
   * How long a finished transaction's banner (COMMITTED, ABORTED) or a reached quorum stays before
   * it goes.
   */
  static final long CLEAR_NANOS = 3_000_000_000L;

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private final NodeConfig config;
  private final ReadOnlyObjectWrapper<NodeStatus> status =
      new ReadOnlyObjectWrapper<>(NodeStatus.STOPPED);
  private final ReadOnlyStringWrapper statusDetail = new ReadOnlyStringWrapper("");
  private final ReadOnlyIntegerWrapper keyCount = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyBooleanWrapper isolated = new ReadOnlyBooleanWrapper();
  private final ReadOnlyIntegerWrapper slowSeconds = new ReadOnlyIntegerWrapper();
  private final ReadOnlyBooleanWrapper streaming = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper pendingAction = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper phaseTx = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<MessageKind> phaseKind =
      new ReadOnlyObjectWrapper<>(MessageKind.OTHER);
  private final ReadOnlyBooleanWrapper phaseFresh = new ReadOnlyBooleanWrapper();
  private final ReadOnlyIntegerWrapper votes = new ReadOnlyIntegerWrapper();
  private final ReadOnlyIntegerWrapper needed = new ReadOnlyIntegerWrapper();
  private final ReadOnlyStringWrapper quorumOp = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper quorumFresh = new ReadOnlyBooleanWrapper();
  private NodeProcessState process = NodeProcessState.STOPPED;
  private final ReadOnlyStringWrapper membership = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper("");

  /**
   * Wall time (ms) at which the supervisor saw the current process serve; reports from before it
   * are history.
   */
  private long servingSinceWall = Long.MIN_VALUE;

  private long comingUpSince;
  private final List<Runnable> heldQuorum = new ArrayList<>();
  private NodeStatus reported;
  private String startFailure = "";
  private boolean everServed;
  private long now;
  private long phaseAt;
  private long quorumAt;

  NodeViewModel(NodeConfig config) {
    this.config = config;
  }

  String id() {
    return config.id();
  }

  /** ip:port the node listens on (its host, on a lab spread over machines). */
  String address() {
    return config.address();
  }

  Role role() {
    return config.role();
  }

  int weight() {
    return config.weight();
  }

  ReadOnlyObjectProperty<NodeStatus> statusProperty() {
    return status.getReadOnlyProperty();
  }

  NodeStatus status() {
    return status.get();
  }

  /** Why the node is in its status, e.g. "exited during start". */
  ReadOnlyStringProperty statusDetailProperty() {
    return statusDetail.getReadOnlyProperty();
  }

  /** Keys the node stores, -1 while unknown. */
  ReadOnlyIntegerProperty keyCountProperty() {
    return keyCount.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty isolatedProperty() {
    return isolated.getReadOnlyProperty();
  }

  /**
   * Seconds every request to the node waits, 0 at full speed. A fact of its own, like isolation:
   * the protocol status (serving, excluded...) goes on changing while the node is slowed.
   */
  ReadOnlyIntegerProperty slowSecondsProperty() {
    return slowSeconds.getReadOnlyProperty();
  }

  /** Whether the node's event stream is connected. */
  ReadOnlyBooleanProperty streamingProperty() {
    return streaming.getReadOnlyProperty();
  }

  /** A command on its way ("killing…"), empty when none. */
  ReadOnlyStringProperty pendingActionProperty() {
    return pendingAction.getReadOnlyProperty();
  }

  /**
   * The latest 2PC state this node reported (PREPARE, COMMIT, PREPARED...), empty before the first.
   */
  ReadOnlyStringProperty phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  ReadOnlyStringProperty phaseTxProperty() {
    return phaseTx.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<MessageKind> phaseKindProperty() {
    return phaseKind.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty phaseFreshProperty() {
    return phaseFresh.getReadOnlyProperty();
  }

  ReadOnlyIntegerProperty votesProperty() {
    return votes.getReadOnlyProperty();
  }

  ReadOnlyIntegerProperty neededProperty() {
    return needed.getReadOnlyProperty();
  }

  /** The quorum operation being counted (write, read...). */
  ReadOnlyStringProperty quorumOpProperty() {
    return quorumOp.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty quorumFreshProperty() {
    return quorumFresh.getReadOnlyProperty();
  }

  /** The master's view of this slave (MEMBER, JOINING, EXCLUDED); empty when it never said. */
  ReadOnlyStringProperty membershipProperty() {
    return membership.getReadOnlyProperty();
  }

  NodeProcessState process() {
    return process;
  }

  /**
   * Time since the node began to come up ("2.4 s") while it is starting or recovering, else empty.
   */
  ReadOnlyStringProperty elapsedProperty() {
    return elapsed.getReadOnlyProperty();
  }

  // Commands (called by the lab view-model as facts arrive)

  void onProcess(NodeProcessState state) {
    onProcess(state, System.currentTimeMillis());
  }

  /** A process state the supervisor saw at {@code wallMillis}. */
  void onProcess(NodeProcessState state, long wallMillis) {
    process = state;
    if (state == NodeProcessState.SERVING) {
      everServed = true;
      if (servingSinceWall == Long.MIN_VALUE) {
        servingSinceWall = wallMillis;
      }
      if (comingUp(reported)) {
        reported = null; // its health check says SERVING: the start it reported is over
      }
    } else {
      servingSinceWall = Long.MIN_VALUE;
    }
    if (state != NodeProcessState.SERVING && state != NodeProcessState.STARTING) {
      reported = null;
      streaming.set(false);
    }
    if (state != NodeProcessState.SERVING) {
      slowSeconds.set(0); // a new process runs at full speed
    }
    if (state == NodeProcessState.STARTING || state == NodeProcessState.STOPPED) {
      everServed = false;
      startFailure = "";
      if (state == NodeProcessState.STOPPED) {
        membership.set(""); // the cluster stopped: the master's view of it went with it
      }
      // A new run: the old run's transaction phase and vote count no longer describe it.
      phase.set("");
      phaseTx.set("");
      needed.set(0);
      votes.set(0);
      heldQuorum.clear();
    }
    update(
        switch (state) {
          case KILLED -> "killed (SIGKILL)";
          case EXITED -> "process exited";
          case UNREACHABLE -> "does not answer at " + config.address();
          default -> statusDetail.get();
        });
  }

  /** The supervisor could not start the node (port taken, exited early, no SERVING in time). */
  void onStartFailed(String reason) {
    startFailure = reason;
    if (process == NodeProcessState.STARTING) {
      process =
          NodeProcessState
              .STOPPED; // shown as starting since Start was pressed, but no process ever ran
    }
    update(reason);
  }

  /** A NODE_STATUS event: the node's own account of its status, or of its speed. */
  void onReported(String label, String detail) {
    onReported(label, detail, Long.MAX_VALUE);
  }

  /**
   * A NODE_STATUS event the node emitted at {@code wallMillis}. Events reach the lab late (the
   * stream connects once the node listens, and replays what it missed): a "starting" or
   * "recovering" from before the process served is history and does not take the card back.
   */
  void onReported(String label, String detail, long wallMillis) {
    if (NodeStatus.isSlowed(label)) {
      slowSeconds.set(secondsIn(detail));
      return;
    }
    if (NodeStatus.isRestored(label, detail)) {
      slowSeconds.set(0); // says nothing about the protocol status, which goes on as before
      return;
    }
    NodeStatus.reported(label)
        .ifPresent(
            s -> {
              if (comingUp(s) && wallMillis < servingSinceWall) {
                return;
              }
              reported = s;
              if (s == NodeStatus.SERVING) {
                everServed = true;
              }
              update(detail);
            });
  }

  /** The master's view of this slave: MEMBER, JOINING (catching up) or EXCLUDED. */
  void onMembership(String state, String detail) {
    onMembership(state, detail, Long.MAX_VALUE);
  }

  /**
   * As {@link #onReported}: a JOINING from before the slave served is the join of its start,
   * already over.
   */
  void onMembership(String state, String detail, long wallMillis) {
    if (state.equalsIgnoreCase("JOINING") && wallMillis < servingSinceWall) {
      return;
    }
    membership.set(state.toUpperCase(Locale.ROOT));
    update(detail);
  }

  void onState(String state, String txId) {
    phase.set(state);
    phaseTx.set(txId);
    phaseKind.set(phaseKind(state));
    phaseAt = now;
    phaseFresh.set(true);
  }

  /**
   * A quorum count. A count that reached its quorum stays on the meter for {@link
   * #REACHED_HOLD_NANOS} before the next phase's count replaces it, so the moment of reaching it
   * can be seen.
   */
  void onQuorum(String op, int gotVotes, int neededVotes) {
    boolean showingReached =
        needed.get() > 0 && votes.get() >= needed.get() && !op.equals(quorumOp.get());
    if ((showingReached && now - quorumAt < REACHED_HOLD_NANOS) || !heldQuorum.isEmpty()) {
      heldQuorum.add(() -> showQuorum(op, gotVotes, neededVotes));
      return;
    }
    showQuorum(op, gotVotes, neededVotes);
  }

  private void showQuorum(String op, int gotVotes, int neededVotes) {
    quorumOp.set(op);
    needed.set(neededVotes);
    votes.set(gotVotes);
    quorumAt = now;
    quorumFresh.set(true);
  }

  void onStreaming(boolean connected) {
    streaming.set(connected);
  }

  void setKeyCount(int count) {
    keyCount.set(count);
  }

  /** What the node or a command said about its speed; 0 is full speed. */
  void setSlowSeconds(int seconds) {
    slowSeconds.set(Math.max(0, seconds));
  }

  void setIsolated(boolean value) {
    isolated.set(value);
  }

  void setPendingAction(String text) {
    pendingAction.set(text);
  }

  void tick(long nowNanos) {
    now = nowNanos;
    if (!heldQuorum.isEmpty() && now - quorumAt >= REACHED_HOLD_NANOS) {
      List<Runnable> held = List.copyOf(heldQuorum);
      heldQuorum.clear();
      held.forEach(Runnable::run);
    }
    if (comingUp(status.get())) {
      if (comingUpSince < 0) {
        comingUpSince = now;
      }
      elapsed.set(String.format(Locale.ROOT, "%.1f s", (now - comingUpSince) / 1e9));
    }
    if (finished(phaseKind.get()) && !phase.get().isEmpty() && now - phaseAt >= CLEAR_NANOS) {
      phase.set("");
      phaseTx.set("");
    }
    if (heldQuorum.isEmpty()
        && needed.get() > 0
        && votes.get() >= needed.get()
        && now - quorumAt >= CLEAR_NANOS) {
      needed.set(0);
      votes.set(0);
    }
    phaseFresh.set(phaseFresh.get() && now - phaseAt < FRESH_NANOS);
    quorumFresh.set(quorumFresh.get() && now - quorumAt < FRESH_NANOS);
  }

  private void update(String detail) {
    NodeStatus next =
        switch (process) {
          case STOPPED -> startFailure.isEmpty() ? NodeStatus.STOPPED : NodeStatus.FAILED;
          case KILLED -> NodeStatus.DOWN;
          case EXITED -> everServed ? NodeStatus.DOWN : NodeStatus.FAILED;
          case UNREACHABLE -> NodeStatus.DOWN;
          case STARTING -> reported == null ? NodeStatus.STARTING : reported;
          case SERVING -> reported == null ? NodeStatus.SERVING : reported;
        };
    if (next == NodeStatus.SERVING && membership.get().equals("EXCLUDED")) {
      next = NodeStatus.EXCLUDED; // alive, but the master commits without it until it rejoins
    } else if (next == NodeStatus.SERVING && membership.get().equals("JOINING")) {
      next = NodeStatus.RECOVERING;
    }
    if (comingUp(next) && !comingUp(status.get())) {
      comingUpSince =
          -1; // counted from the next frame: this one's time may be from before the change
      elapsed.set("0.0 s");
    } else if (!comingUp(next)) {
      elapsed.set("");
    }
    status.set(next);
    statusDetail.set(
        next == NodeStatus.SERVING || next == NodeStatus.STOPPED
            ? ""
            : detail == null ? "" : detail);
  }

  /**
   * A banner of a transaction that is over: committed or aborted. Others (PREPARED, IN_DOUBT) stay.
   */
  private static boolean finished(MessageKind kind) {
    return kind == MessageKind.POSITIVE || kind == MessageKind.NEGATIVE;
  }

  private static boolean comingUp(NodeStatus s) {
    return s == NodeStatus.STARTING || s == NodeStatus.RECOVERING;
  }

  /** The seconds in "every request waits 2 s"; 1 when the text names none. */
  private static int secondsIn(String detail) {
    Matcher m = NUMBER.matcher(detail == null ? "" : detail);
    return m.find() ? Integer.parseInt(m.group()) : 1;
  }

  private static MessageKind phaseKind(String state) {
    String s = state.toUpperCase(Locale.ROOT);
    if (s.contains("ABORT")) {
      return MessageKind.NEGATIVE;
    }
    if (s.contains("COMMIT")) {
      return MessageKind.POSITIVE;
    }
    if (s.contains("DOUBT")) {
      return MessageKind.REPAIR;
    }
    return MessageKind.REQUEST;
  }
}
