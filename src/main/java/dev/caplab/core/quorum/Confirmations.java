package dev.caplab.core.quorum;

import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.Version;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the other nodes which versions reached a write quorum, batched over a short delay so a busy
 * node sends a few messages per interval rather than one per put. Best effort: a lost confirmation
 * only makes a later read write the value back. Thread-safe.
 */
final class Confirmations {

  private static final int MAX_PER_MESSAGE = 1000;

  private final List<String> peers;
  private final Transport transport;
  private final StableMarks marks;
  private final ScheduledExecutorService scheduler;
  private final Duration delay;
  private final Duration timeout;
  private final ConcurrentLinkedQueue<KeyVersion> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();

  Confirmations(
      List<String> peers,
      Transport transport,
      StableMarks marks,
      ScheduledExecutorService scheduler,
      Duration delay,
      Duration timeout) {
    this.peers = List.copyOf(peers);
    this.transport = transport;
    this.marks = marks;
    this.scheduler = scheduler;
    this.delay = delay;
    this.timeout = timeout;
  }

  /** version of key is now durably on a write quorum. */
  void confirmed(String key, Version version) {
    marks.mark(key, version);
    if (peers.isEmpty()) {
      return;
    }
    queue.add(new KeyVersion(key, version));
    if (flushScheduled.compareAndSet(false, true)) {
      scheduler.schedule(this::flush, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    flushScheduled.set(false); // before draining: whatever arrives later schedules the next flush
    Map<String, Version> newest = new LinkedHashMap<>();
    for (KeyVersion entry = queue.poll(); entry != null; entry = queue.poll()) {
      newest.merge(entry.key(), entry.version(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    List<KeyVersion> batch = new ArrayList<>(MAX_PER_MESSAGE);
    for (Map.Entry<String, Version> entry : newest.entrySet()) {
      batch.add(new KeyVersion(entry.getKey(), entry.getValue()));
      if (batch.size() == MAX_PER_MESSAGE) {
        send(batch);
        batch = new ArrayList<>(MAX_PER_MESSAGE);
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  private void send(List<KeyVersion> batch) {
    Confirm confirm = new Confirm(batch);
    for (String peer : peers) {
      transport.call(peer, confirm, timeout); // the outcome does not matter: see the class comment
    }
  }
}
