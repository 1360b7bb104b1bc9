package dev.caplab.core.twopc;

import dev.caplab.core.Inspectable.TxView;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a node's transactions stand: each state change becomes a STATE event and updates the view
 * the inspector shows (open transactions, plus the last few finished ones). Thread-safe.
 */
final class TxStates {

  static final int RECENT = 50;
  private static final Set<String> FINAL = Set.of("COMMITTED", "ABORTED");

  private final EventSink events;
  private final Map<Long, TxView> open = new LinkedHashMap<>(); // guarded by this
  private final ArrayDeque<TxView> recent = new ArrayDeque<>(); // guarded by this

  TxStates(EventSink events) {
    this.events = events;
  }

  void enter(String state, String key, long seq, String detail) {
    TxView view = new TxView(Long.toString(seq), key, state, detail);
    synchronized (this) {
      if (FINAL.contains(state)) {
        open.remove(seq);
        recent.addLast(view);
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
      } else {
        open.put(seq, view);
      }
    }
    events.emit(ProtocolEvent.state(state, key, view.txId(), detail));
  }

  /** The last finished transactions, then the open ones; newest last. */
  synchronized List<TxView> list() {
    List<TxView> all = new ArrayList<>(recent);
    all.addAll(open.values());
    return all;
  }
}
