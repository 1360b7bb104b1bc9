package dev.caplab.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A closed-loop load generator: `concurrency` threads each send one request at a time (a put or,
 * with probability readRatio, a get) to a {@link BenchTarget} (CAP Lab or etcd) and record its
 * latency. Not thread-safe itself; run() owns its threads.
 */
final class Bench {

  record Settings(
      int concurrency,
      Duration duration,
      Duration warmup,
      double readRatio,
      List<String> nodes,
      int keys,
      int valueSize,
      long seed) {}

  /** Latencies of one operation type, in nanoseconds, sorted. */
  record OpStats(String name, long[] sortedNanos, long errors, double seconds) {

    double opsPerSecond() {
      return sortedNanos.length / seconds;
    }

    double percentileMillis(double p) {
      if (sortedNanos.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    String line() {
      return String.format(
          "%s: %d ops, %.1f ops/s, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, errors %d",
          name,
          sortedNanos.length,
          opsPerSecond(),
          percentileMillis(50),
          percentileMillis(95),
          percentileMillis(99),
          errors);
    }
  }

  /** cpu: over the measured window, when the bench was given server processes to meter. */
  record Result(OpStats puts, OpStats gets, String firstError, Optional<CpuMeter.Use> cpu) {}

  private final BenchTarget target;
  private final Settings settings;
  private final AtomicReference<String> firstError = new AtomicReference<>();

  Bench(BenchTarget target, Settings settings) {
    this.target = target;
    this.settings = settings;
  }

  /** Writes every key once, so that reads find values. */
  void preload() throws InterruptedException {
    String value = value(new SplittableRandom(settings.seed()));
    runThreads(
        worker -> {
          for (int k = worker; k < settings.keys(); k += settings.concurrency()) {
            try {
              target.put(node(k), key(k), value).join();
            } catch (CompletionException e) {
              firstError.compareAndSet(null, "preload: " + e.getCause());
            }
          }
        });
  }

  Result run() throws InterruptedException {
    return run(Optional.empty());
  }

  /** With a meter, also samples CPU use when the measured window opens and when it closes. */
  Result run(Optional<CpuMeter> meter) throws InterruptedException {
    long warmupEnd = System.nanoTime() + settings.warmup().toNanos();
    long end = warmupEnd + settings.duration().toNanos();
    CompletableFuture<CpuMeter.Sample[]> window = new CompletableFuture<>();
    meter.ifPresentOrElse(
        m -> startDaemon("bench-cpu-meter", () -> window.complete(sampleWindow(m, warmupEnd, end))),
        () -> window.complete(null));
    LongList[] puts = new LongList[settings.concurrency()];
    LongList[] gets = new LongList[settings.concurrency()];
    long[] putErrors = new long[settings.concurrency()];
    long[] getErrors = new long[settings.concurrency()];
    runThreads(
        worker -> {
          SplittableRandom random = new SplittableRandom(settings.seed() + worker);
          String value = value(random);
          LongList myPuts = new LongList();
          LongList myGets = new LongList();
          long op = worker;
          for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
            int k = random.nextInt(settings.keys());
            String node = node(op++);
            boolean read = random.nextDouble() < settings.readRatio();
            boolean failed = false;
            try {
              if (read) {
                target.get(node, key(k)).join();
              } else {
                target.put(node, key(k), value).join();
              }
            } catch (CompletionException e) {
              failed = true;
              firstError.compareAndSet(null, node + ": " + e.getCause());
            }
            long done = System.nanoTime();
            if (now < warmupEnd) {
              continue;
            }
            if (failed) {
              (read ? getErrors : putErrors)[worker]++;
            } else {
              (read ? myGets : myPuts).add(done - now);
            }
          }
          puts[worker] = myPuts;
          gets[worker] = myGets;
        });
    double seconds = settings.duration().toNanos() / 1e9;
    OpStats putStats =
        new OpStats("put", LongList.mergeSorted(puts), Arrays.stream(putErrors).sum(), seconds);
    OpStats getStats =
        new OpStats("get", LongList.mergeSorted(gets), Arrays.stream(getErrors).sum(), seconds);
    long ops = putStats.sortedNanos().length + getStats.sortedNanos().length;
    Optional<CpuMeter.Use> cpu =
        Optional.ofNullable(window.join()).map(w -> CpuMeter.between(w[0], w[1], ops));
    return new Result(putStats, getStats, firstError.get(), cpu);
  }

  private static CpuMeter.Sample[] sampleWindow(CpuMeter meter, long start, long end) {
    sleepUntil(start);
    CpuMeter.Sample first = meter.sample();
    sleepUntil(end);
    return new CpuMeter.Sample[] {first, meter.sample()};
  }

  private static void sleepUntil(long nanoTime) {
    for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** A thread of its own: a pool's (the common pool has one thread on two cores) stays free. */
  private static void startDaemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void runThreads(java.util.function.IntConsumer body) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < settings.concurrency(); i++) {
      int worker = i;
      Thread thread = new Thread(() -> body.accept(worker), "bench-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  private String node(long op) {
    return settings.nodes().get((int) (op % settings.nodes().size()));
  }

  private static String key(int k) {
    return "bench-" + k;
  }

  private String value(SplittableRandom random) {
    char[] chars = new char[settings.valueSize()];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  /** A growable array of longs: a latency sample per request without boxing. */
  static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    static long[] mergeSorted(LongList[] lists) {
      int total = 0;
      for (LongList list : lists) {
        total += list.size;
      }
      long[] all = new long[total];
      int at = 0;
      for (LongList list : lists) {
        System.arraycopy(list.values, 0, all, at, list.size);
        at += list.size;
      }
      Arrays.sort(all);
      return all;
    }
  }
}
