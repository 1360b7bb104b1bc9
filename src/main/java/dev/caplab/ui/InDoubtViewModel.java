package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The transactions slaves hold in doubt (prepared, no decision, the master cannot be asked) and how
 * long each has been blocked, from the nodes' STATE events. All methods run on the FX thread.
 */
final class InDoubtViewModel {

  private static final long REFRESH_NANOS = 250_000_000L;

  /** A transaction in doubt at a node since a wall-clock time. */
  record Blocked(String node, String txId, String key, long sinceMillis) {

    /** "tx 7 (color) blocked 12 s". */
    String text(long nowMillis) {
      long seconds = Math.max(0, nowMillis - sinceMillis) / 1000;
      String time =
          seconds < 60
              ? seconds + " s"
              : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
      return "tx " + txId + (key.isEmpty() ? "" : " (" + key + ")") + " blocked " + time;
    }
  }

  private final LongSupplier wallClock;
  private final Consumer<String> message;
  private final ObservableList<Blocked> blocked = FXCollections.observableArrayList();
  private final ObservableList<Blocked> readOnlyBlocked =
      FXCollections.unmodifiableObservableList(blocked);
  private final ReadOnlyLongWrapper now = new ReadOnlyLongWrapper();

  /**
   * When each open transaction was prepared, per node and tx: its key has been locked since then.
   */
  private final Map<String, Long> preparedAt = new HashMap<>();

  private long lastRefresh;

  /** message: one line in plain words when a transaction becomes blocked. */
  InDoubtViewModel(LongSupplier wallClock, Consumer<String> message) {
    this.wallClock = wallClock;
    this.message = message;
    now.set(wallClock.getAsLong());
  }

  ObservableList<Blocked> blocked() {
    return readOnlyBlocked;
  }

  /** Wall-clock milliseconds, a few times a second: what the "blocked" times count up to. */
  ReadOnlyLongProperty nowProperty() {
    return now.getReadOnlyProperty();
  }

  // Facts

  /**
   * STATE events: IN_DOUBT starts a block, a decision (COMMITTED, ABORTED) ends it. Others are
   * ignored.
   */
  void onEvent(NodeEvent e) {
    if (!e.type().equals("STATE") || e.txId().isEmpty()) {
      return;
    }
    String state = e.label().toUpperCase(Locale.ROOT);
    String tx = e.node() + '\u0000' + e.txId();
    if (state.equals("PREPARED")) {
      preparedAt.putIfAbsent(tx, e.wallMillis());
      if (preparedAt.size() > 10_000) {
        preparedAt
            .clear(); // a flood of transactions that never decided here: forget the oldest guesses
      }
    } else if (state.equals("IN_DOUBT")) {
      boolean known =
          blocked.stream().anyMatch(b -> b.node().equals(e.node()) && b.txId().equals(e.txId()));
      if (!known) {
        blocked.add(
            new Blocked(e.node(), e.txId(), e.key(), preparedAt.getOrDefault(tx, e.wallMillis())));
        message.accept(
            e.node()
                + " is in doubt about tx "
                + e.txId()
                + (e.key().isEmpty() ? "" : " (" + e.key() + ")")
                + ": it voted yes, no decision came and the master cannot be asked, so the key stays locked until the"
                + " master is back. Two-phase commit blocks.");
      }
    } else if (state.contains("COMMIT") || state.contains("ABORT")) {
      preparedAt.remove(tx);
      blocked.removeIf(b -> b.node().equals(e.node()) && b.txId().equals(e.txId()));
    }
  }

  /**
   * A node that is not running blocks nothing; after a restart it reports its transactions again.
   */
  void onProcess(String node, NodeProcessState state) {
    if (state != NodeProcessState.SERVING) {
      blocked.removeIf(b -> b.node().equals(node));
      preparedAt.keySet().removeIf(tx -> tx.startsWith(node + '\u0000'));
    }
  }

  void reset() {
    blocked.clear();
    preparedAt.clear();
  }

  void tick(long nowNanos) {
    if (nowNanos - lastRefresh >= REFRESH_NANOS) {
      lastRefresh = nowNanos;
      now.set(wallClock.getAsLong());
    }
  }
}
