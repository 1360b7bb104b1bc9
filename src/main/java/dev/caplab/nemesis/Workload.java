package dev.caplab.nemesis;

import dev.caplab.client.StoreClient;
import dev.caplab.core.history.HistoryRecorder;
import dev.caplab.core.history.Operation.Outcome;
import dev.caplab.core.history.Operation.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop clients: each thread sends one request at a time to a random node, half puts (of
 * values no other put writes) and half gets, on a small set of keys so that operations overlap, and
 * records every operation in the history. After a failed call a client waits 50 ms. Thread-safe:
 * start once, stop once.
 */
final class Workload {

  private static final long BACK_OFF_MILLIS = 50;

  private final StoreClient client;
  private final HistoryRecorder history;
  private final List<String> nodes;
  private final int clients;
  private final int keys;
  private final long seed;
  private final long deadlineMillis;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  Workload(
      StoreClient client,
      HistoryRecorder history,
      List<String> nodes,
      int clients,
      int keys,
      long seed,
      long deadlineMillis) {
    this.client = client;
    this.history = history;
    this.nodes = nodes;
    this.clients = clients;
    this.keys = keys;
    this.seed = seed;
    this.deadlineMillis = deadlineMillis;
  }

  static String key(int i) {
    return "key-" + i;
  }

  void start() {
    for (int c = 0; c < clients; c++) {
      String process = "client-" + c;
      Random random = new Random(seed * 1_000 + c);
      Thread thread = new Thread(() -> loop(process, random), "nemesis-" + process);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Stops sending and waits for the calls in flight to end (each has a deadline). */
  void stop() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(deadlineMillis * 3 + 5_000);
    }
  }

  private void loop(String process, Random random) {
    for (int n = 0; running.get(); n++) {
      String node = nodes.get(random.nextInt(nodes.size()));
      String key = key(random.nextInt(keys));
      boolean answered =
          random.nextBoolean()
              ? put(process, node, key, process + "-" + n)
              : read(process, node, key).answered();
      if (!answered) {
        // As a real client backs off: a node that refuses at once (down, no quorum) would otherwise
        // be asked
        // thousands of times a second, starving the cluster of the CPU it needs to recover.
        try {
          Thread.sleep(BACK_OFF_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** One put; whether it was acknowledged. */
  private boolean put(String process, String node, String key, String value) {
    HistoryRecorder.Pending call = history.invoke(process, Type.PUT, key, value);
    try {
      boolean committed =
          client.put(node, key, value).get(deadlineMillis + 2_000, TimeUnit.MILLISECONDS);
      if (committed) {
        call.ok();
      } else {
        call.fail(); // voted down (2PC abort)
      }
      return committed;
    } catch (ExecutionException e) {
      record(call, Outcomes.ofFailedPut(e.getCause()));
    } catch (TimeoutException e) {
      call.unknown();
    } catch (InterruptedException e) {
      call.unknown();
      Thread.currentThread().interrupt();
      running.set(false);
    }
    return false;
  }

  /** One get of key through node, recorded like any other. */
  Read read(String process, String node, String key) {
    HistoryRecorder.Pending call = history.invoke(process, Type.GET, key, null);
    try {
      Optional<String> value =
          client.get(node, key).get(deadlineMillis + 2_000, TimeUnit.MILLISECONDS);
      call.ok(value.orElse(null));
      return new Read(true, value.orElse(null), "");
    } catch (ExecutionException e) {
      record(call, Outcomes.ofFailedGet(e.getCause()));
      return new Read(false, null, String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      call.unknown();
      return new Read(false, null, "no answer in time");
    } catch (InterruptedException e) {
      call.unknown();
      Thread.currentThread().interrupt();
      running.set(false);
      return new Read(false, null, "interrupted");
    }
  }

  /** What a get returned (value null = not found), or why it failed. */
  record Read(boolean answered, String value, String error) {}

  private static void record(HistoryRecorder.Pending call, Outcome outcome) {
    switch (outcome) {
      case FAIL -> call.fail();
      case UNKNOWN -> call.unknown();
      case OK -> throw new IllegalArgumentException("a failed call is not ok");
    }
  }
}
