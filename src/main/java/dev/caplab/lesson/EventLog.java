package dev.caplab.lesson;

import dev.caplab.client.EventListener;
import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Every event the cluster's nodes reported during a run, in merged order. Written on the observer's
 * executor, read from the runner's thread; thread-safe.
 */
final class EventLog implements EventListener {

  private final List<NodeEvent> events = new ArrayList<>(); // guarded by this
  private final Map<String, Long> lastSeq = new HashMap<>(); // guarded by this

  @Override
  public synchronized void onEvents(List<NodeEvent> batch) {
    for (NodeEvent e : batch) {
      events.add(e);
      // A restarted node numbers its events from 1 again.
      lastSeq.merge(e.node(), e.seq(), (old, seq) -> seq == 1 ? seq : Math.max(old, seq));
    }
  }

  /** The first event matching the pattern whose node clock reads sinceMillis or later. */
  synchronized Optional<NodeEvent> find(EventPattern pattern, long sinceMillis) {
    return events.stream()
        .filter(e -> e.wallMillis() >= sinceMillis && pattern.matches(e))
        .findFirst();
  }

  /** The highest sequence number delivered from node's current process, 0 before any. */
  synchronized long lastSeq(String node) {
    return lastSeq.getOrDefault(node, 0L);
  }

  synchronized List<NodeEvent> all() {
    return List.copyOf(events);
  }

  /** The latest events since sinceMillis, for a failure message. */
  synchronized List<NodeEvent> tail(long sinceMillis, int max, Predicate<NodeEvent> filter) {
    List<NodeEvent> recent =
        events.stream().filter(e -> e.wallMillis() >= sinceMillis && filter.test(e)).toList();
    return List.copyOf(recent.subList(Math.max(0, recent.size() - max), recent.size()));
  }
}
