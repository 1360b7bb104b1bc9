package dev.caplab.ui;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A steady mixed workload: half puts, half gets on a few keys, from {@link #CLIENTS} simulated
 * clients spread over every node, at a chosen rate. Each client waits for its answer before its
 * next operation (a history's process is sequential); when every client is waiting, the tick is
 * skipped rather than queued. Every operation is recorded in the {@link OpLog}. Thread-safe; runs
 * on its own timer thread, never on the FX thread.
 */
final class LoadGenerator implements AutoCloseable {

  static final int CLIENTS = 8;
  static final int KEYS = 6;
  static final int MIN_RATE = 5;
  static final int MAX_RATE = 200;
  private static final long TICK_MILLIS = 20;

  /** Counts since the start; read a few times a second by the view-model. */
  record Stats(long sent, long ok, long failed, long unknown, long skipped) {}

  private final ClusterGateway gateway;
  private final List<String> nodes;
  private final OpLog log;
  private final LongSupplier nanoClock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lab-load");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean[] busy = new AtomicBoolean[CLIENTS];
  private final long[] written = new long[CLIENTS];
  private final SplittableRandom random;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private volatile int rate;
  private double budget; // timer thread only
  private long lastTick; // timer thread only
  private int nextClient; // timer thread only
  private int nextNode; // timer thread only

  LoadGenerator(
      ClusterGateway gateway, List<String> nodes, OpLog log, LongSupplier nanoClock, long seed) {
    this.gateway = gateway;
    this.nodes = List.copyOf(nodes);
    this.log = log;
    this.nanoClock = nanoClock;
    this.random = new SplittableRandom(seed);
    for (int i = 0; i < CLIENTS; i++) {
      busy[i] = new AtomicBoolean();
    }
  }

  /** Starts issuing operations at the rate. */
  void start(int opsPerSecond) {
    setRate(opsPerSecond);
    lastTick = nanoClock.getAsLong();
    timer.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  void setRate(int opsPerSecond) {
    rate = Math.max(MIN_RATE, Math.min(MAX_RATE, opsPerSecond));
  }

  int rate() {
    return rate;
  }

  Stats stats() {
    return new Stats(sent.get(), ok.get(), failed.get(), unknown.get(), skipped.get());
  }

  /** Stops issuing; operations in flight still complete and are recorded. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void tick() {
    long now = nanoClock.getAsLong();
    // At most a second's worth at once: after a pause (a stalled machine) the load does not burst.
    budget = Math.min(rate, budget + rate * (now - lastTick) / 1e9);
    lastTick = now;
    while (budget >= 1) {
      budget -= 1;
      int client = idleClient();
      if (client < 0) {
        skipped.incrementAndGet();
      } else {
        issue(client);
      }
    }
  }

  private int idleClient() {
    for (int i = 0; i < CLIENTS; i++) {
      int c = (nextClient + i) % CLIENTS;
      if (busy[c].compareAndSet(false, true)) {
        nextClient = c + 1;
        return c;
      }
    }
    return -1;
  }

  private void issue(int client) {
    String node = nodes.get(nextNode++ % nodes.size());
    String key = key(random.nextInt(KEYS));
    boolean put = random.nextBoolean();
    String value = put ? "c" + client + "." + (++written[client]) : "";
    OpLog.Pending op = log.invoke("load-" + client, node, put ? "put" : "get", key, value);
    sent.incrementAndGet();
    (put ? gateway.put(node, key, value) : gateway.get(node, key))
        .whenComplete(
            (result, error) -> {
              OpResult r =
                  error == null
                      ? result
                      : OpResult.failed(node, "ERROR", String.valueOf(error.getMessage()), 0);
              OpLog.Entry done = log.complete(op, r);
              switch (done.outcome()) {
                case OK -> ok.incrementAndGet();
                case FAIL -> failed.incrementAndGet();
                case UNKNOWN -> unknown.incrementAndGet();
              }
              busy[client].set(false);
            });
  }

  /** The keys the load writes and reads: k0, k1... */
  static List<String> keys() {
    return java.util.stream.IntStream.range(0, KEYS).mapToObj(LoadGenerator::key).toList();
  }

  private static String key(int i) {
    return "k" + i;
  }
}
