package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.server.ObservedEndpoint;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real endpoints exchanging messages at 5,000 events/s in total, watched by one observer.
 * Records figures (rate, delivery latency, frame interval, pending events, heap) rather than
 * asserting on time. Runs 3 s by default; {@code -Dcaplab.load.seconds=30} for the full run of the
 * issue.
 */
class ObserverLoadTest {

  private static final int EVENTS_PER_SECOND = 5000;
  private static final int TICK_MILLIS = 10;

  private final List<ObservedEndpoint> nodes = new ArrayList<>();
  private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
  private ClusterObserver observer;

  @AfterEach
  void stop() throws InterruptedException {
    load.shutdownNow();
    if (observer != null) {
      observer.close();
    }
    for (ObservedEndpoint node : nodes) {
      node.close();
    }
  }

  @Test
  void fiveThousandEventsPerSecondFlowThroughInCausalOrderWithBoundedMemory() throws Exception {
    int seconds = Integer.getInteger("caplab.load.seconds", 3);
    for (int i = 0; i < 3; i++) {
      nodes.add(new ObservedEndpoint("n" + i, 23031 + i, 1 << 16));
    }
    CheckingListener listener = new CheckingListener();
    observer = ClusterObserver.start(config(), listener, Executors.newSingleThreadExecutor());
    await().atMost(Duration.ofSeconds(30)).until(() -> listener.connections() == 3);

    AtomicLong messages = new AtomicLong();
    int perTick = EVENTS_PER_SECOND / 2 * TICK_MILLIS / 1000; // two events per message
    load.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < perTick; i++) {
            long m = messages.getAndIncrement();
            ObservedEndpoint from = nodes.get((int) (m % 3));
            ObservedEndpoint to = nodes.get((int) ((m + 1 + m / 3 % 2) % 3));
            from.send(to, "prepare", "k" + m);
          }
        },
        0,
        TICK_MILLIS,
        TimeUnit.MILLISECONDS);

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(
                pool ->
                    pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
            .toList();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    long maxPending = 0;
    long maxHeap = 0;
    long maxLive = 0;
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
      maxPending = Math.max(maxPending, observer.pending());
      maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
      maxLive = Math.max(maxLive, liveHeapAfterLastGc(heapPools));
      Thread.sleep(50); // sampling period of the figures, not a wait for an outcome
    }
    load.shutdown();
    assertThat(load.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    long emitted = messages.get() * 2;
    await().atMost(Duration.ofSeconds(30)).until(() -> listener.count() == emitted);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;

    System.out.printf(
        "observer load: %d events in %.1f s (%.0f/s), %d batches, max frame gap %d ms,"
            + " latency p50 %d ms p99 %d ms max %d ms, max pending %d, max heap used %d MB (after GC %d MB),"
            + " CPU %.1f s (%.0f us/event, emitters, nodes and observer together), load average %.1f%n",
        emitted,
        elapsed,
        emitted / elapsed,
        listener.batches(),
        listener.maxGapMillis(),
        listener.latencyPercentile(50),
        listener.latencyPercentile(99),
        listener.latencyPercentile(100),
        maxPending,
        maxHeap >> 20,
        maxLive >> 20,
        cpuSeconds,
        cpuSeconds * 1e6 / emitted,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertThat(listener.problems()).isEmpty();
    assertThat(maxPending).isLessThanOrEqualTo(3L * ClusterObserver.WINDOW);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Heap still in use after the latest collection of each pool: the live set, not garbage. */
  private static long liveHeapAfterLastGc(List<MemoryPoolMXBean> heapPools) {
    long live = 0;
    for (MemoryPoolMXBean pool : heapPools) {
      live += pool.getCollectionUsage().getUsed();
    }
    return live;
  }

  private ClusterConfig config() throws Exception {
    return ConfigLoader.parse(
        Path.of("load.yaml"),
        """
        nodes:
          - {id: n0, ip: 127.0.0.1, port: 23031}
          - {id: n1, ip: 127.0.0.1, port: 23032}
          - {id: n2, ip: 127.0.0.1, port: 23033}
        """);
  }

  /** Checks order as events come, keeping counters only, so the check itself stays small. */
  private static final class CheckingListener implements EventListener {

    private final Map<String, Long> lastSeq = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final long[] latencyCounts = new long[10_001]; // ms buckets
    private long count;
    private int batches;
    private long lastBatchNanos;
    private long maxGapNanos;

    @Override
    public synchronized void onEvents(List<NodeEvent> batch) {
      long now = System.nanoTime();
      if (lastBatchNanos != 0) {
        maxGapNanos = Math.max(maxGapNanos, now - lastBatchNanos);
      }
      lastBatchNanos = now;
      batches++;
      long wall = System.currentTimeMillis();
      for (NodeEvent e : batch) {
        long previous = lastSeq.getOrDefault(e.node(), 0L);
        if (e.seq() != previous + 1 && problems.size() < 10) {
          problems.add(e.node() + " seq " + e.seq() + " after " + previous);
        }
        lastSeq.put(e.node(), e.seq());
        if (e.type().equals("RECEIVED")
            && lastSeq.getOrDefault(e.peer(), 0L) < e.causeSeq()
            && problems.size() < 10) {
          problems.add(
              e.node()
                  + "#"
                  + e.seq()
                  + " received before "
                  + e.peer()
                  + "#"
                  + e.causeSeq()
                  + " was sent");
        }
        latencyCounts[
            (int) Math.min(latencyCounts.length - 1, Math.max(0, wall - e.wallMillis()))]++;
        count++;
      }
    }

    private int connections;

    @Override
    public synchronized void onConnection(String node, boolean connected) {
      connections += connected ? 1 : -1;
    }

    synchronized int connections() {
      return connections;
    }

    @Override
    public synchronized void onGap(String node, long fromSeq, long toSeq) {
      problems.add("gap " + node + " " + fromSeq + ".." + toSeq);
    }

    synchronized long count() {
      return count;
    }

    synchronized int batches() {
      return batches;
    }

    synchronized long maxGapMillis() {
      return maxGapNanos / 1_000_000;
    }

    synchronized List<String> problems() {
      return List.copyOf(problems);
    }

    synchronized long latencyPercentile(int p) {
      long total = Arrays.stream(latencyCounts).sum();
      long target = (long) Math.ceil(total * p / 100.0);
      long seen = 0;
      for (int ms = 0; ms < latencyCounts.length; ms++) {
        seen += latencyCounts[ms];
        if (seen >= target && latencyCounts[ms] > 0) {
          return ms;
        }
      }
      return latencyCounts.length - 1;
    }
  }
}
