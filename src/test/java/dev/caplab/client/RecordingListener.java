package dev.caplab.client;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a {@link ClusterObserver} reports, for assertions from the test thread. */
final class RecordingListener implements EventListener {

  private final List<NodeEvent> events = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private int batches;

  @Override
  public synchronized void onEvents(List<NodeEvent> batch) {
    events.addAll(batch);
    batches++;
  }

  @Override
  public synchronized void onConnection(String node, boolean connected) {
    notices.add(node + (connected ? " connected" : " lost"));
  }

  @Override
  public synchronized void onGap(String node, long fromSeq, long toSeq) {
    notices.add(node + " gap " + fromSeq + ".." + toSeq);
  }

  synchronized List<NodeEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<String> notices() {
    return List.copyOf(notices);
  }

  synchronized int batches() {
    return batches;
  }

  synchronized int size() {
    return events.size();
  }

  /** "node#seq" of every event, in delivery order. */
  synchronized List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (NodeEvent e : events) {
      ids.add(e.node() + "#" + e.seq());
    }
    return ids;
  }
}
