package dev.caplab.ui;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds updates about a node until the animation has shown that node's events up to a given
 * sequence number, so that what a card says (its key count, the inspector's tables) changes when
 * the tokens that caused it land, not when a poll happens to answer. An update waits {@link
 * #MAX_HOLD_NANOS} at most (events can be missed). All methods run on the FX thread.
 */
final class SeqGate {

  static final long MAX_HOLD_NANOS = 3_000_000_000L;
  private static final int MAX_HELD_PER_NODE = 8;

  private record Held(long seq, long since, Runnable update) {}

  private final Map<String, Long> shown = new HashMap<>();
  private final Map<String, ArrayDeque<Held>> held = new HashMap<>();
  private long now;

  /** The animation has shown the node's event {@code seq}. */
  void shown(String node, long seq) {
    shown.merge(node, seq, Math::max);
    release(node);
  }

  /** Runs the update once the node's events up to {@code seq} are shown; at once if they are. */
  void when(String node, long seq, Runnable update) {
    ArrayDeque<Held> waiting = held.computeIfAbsent(node, n -> new ArrayDeque<>());
    waiting.add(new Held(seq, now, update));
    if (waiting.size() > MAX_HELD_PER_NODE) {
      waiting.poll().update().run();
    }
    release(node);
  }

  /**
   * The node's process restarted: its sequence numbers begin again, and held updates describe the
   * old one.
   */
  void restart(String node) {
    shown.remove(node);
    held.remove(node);
  }

  void reset() {
    shown.clear();
    held.clear();
  }

  void tick(long nowNanos) {
    now = nowNanos;
    held.keySet().forEach(this::release);
  }

  private void release(String node) {
    ArrayDeque<Held> waiting = held.get(node);
    long upTo = shown.getOrDefault(node, 0L);
    while (waiting != null
        && !waiting.isEmpty()
        && (waiting.peek().seq() <= upTo || now - waiting.peek().since() >= MAX_HOLD_NANOS)) {
      waiting.poll().update().run();
    }
  }
}
