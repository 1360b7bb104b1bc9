package dev.caplab.ui;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Asks every live node what it holds about once a second (key counts, the inspector's tables), and
 * soon after a client reply; under a steady load "soon" stretches to {@link #BUSY_NANOS}, since
 * each question costs the node a copy of its data. Only the inspected node is asked for its keys
 * and log tail. At most one question per node is in flight. All methods run on the FX thread.
 */
final class Poller {

  static final long PERIOD_NANOS = 1_000_000_000L;
  static final long SOON_NANOS = 150_000_000L;
  static final long BUSY_NANOS = 500_000_000L;
  static final int LOG_LINES = 40;

  private final FxInbox inbox;
  private final Supplier<Optional<ClusterGateway>> gateway;
  private final InspectorViewModel inspector;
  private final SeqGate inStep;
  private final Set<String> inFlight = new HashSet<>();
  private long lastPoll;
  private boolean soon;
  private boolean lastWasSoon;

  /**
   * {@code inStep} holds an answer until the animation has shown the node's events up to that
   * answer.
   */
  Poller(
      FxInbox inbox,
      Supplier<Optional<ClusterGateway>> gateway,
      InspectorViewModel inspector,
      SeqGate inStep) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.inspector = inspector;
    this.inStep = inStep;
  }

  /** Something changed data: poll at the next frame that is a little after the last poll. */
  void soon() {
    soon = true;
  }

  void tick(long nowNanos, List<NodeViewModel> nodes, NodeViewModel selected) {
    long since = nowNanos - lastPoll;
    boolean due = soon && since >= (lastWasSoon ? BUSY_NANOS : SOON_NANOS);
    if (since < PERIOD_NANOS && !due) {
      return;
    }
    lastWasSoon = since < PERIOD_NANOS;
    lastPoll = nowNanos;
    soon = false;
    for (NodeViewModel n : nodes) {
      if (n.status().alive() || n == selected) {
        poll(n, n == selected);
      }
    }
  }

  void pollNow(NodeViewModel n) {
    poll(n, true);
  }

  private void poll(NodeViewModel n, boolean full) {
    Optional<ClusterGateway> g = gateway.get();
    String id = n.id();
    if (g.isEmpty() || !inFlight.add(id)) {
      return;
    }
    if (n.status() == NodeStatus.STARTING) {
      inFlight.remove(id); // nothing listens yet: asking would only fail
      inspector.starting(id);
      return;
    }
    if (!n.status().alive()) {
      showProcessLog(g.get(), id, n.status().text());
      return;
    }
    inbox.deliver(
        full ? g.get().inspect(id) : g.get().inspectBrief(id),
        (snapshot, error) -> {
          inFlight.remove(id);
          if (error == null) {
            inStep.when(
                id,
                snapshot.lastSeq(),
                () -> {
                  n.setKeyCount(snapshot.keyCount());
                  n.setSlowSeconds(snapshot.slowSeconds());
                  if (full) { // a brief answer lacks the keys and log the inspector lists
                    inspector.update(snapshot);
                  }
                });
          } else if (id.equals(inspector.nodeProperty().get()) && inFlight.add(id)) {
            showProcessLog(g.get(), id, String.valueOf(error.getMessage()));
          }
        });
  }

  private void showProcessLog(ClusterGateway g, String id, String reason) {
    inbox.deliver(
        g.processLog(id, LOG_LINES),
        (lines, error) -> {
          inFlight.remove(id);
          inspector.unreachable(
              id, reason, lines == null ? List.of("(no output: " + error + ")") : lines);
        });
  }
}
