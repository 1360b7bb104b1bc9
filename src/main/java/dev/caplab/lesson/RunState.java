package dev.caplab.lesson;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** What one run of a lesson keeps between steps. Used by the runner's thread only, apart from the timer. */
final class RunState implements AutoCloseable {

  static final Duration POLL = Duration.ofMillis(50);

  final LessonCluster cluster;
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lesson-timer");
    t.setDaemon(true);
    return t;
  });
  final Map<String, Operation> named = new HashMap<>();
  final Set<String> holding = new LinkedHashSet<>(); // nodes in step mode
  Operation latest;
  Load load;
  /** Wall clock at the start of the latest do step: `expect: event` looks at events from then on. */
  long markMillis;
  final long startMillis = System.currentTimeMillis();

  RunState(LessonCluster cluster) {
    this.cluster = cluster;
    this.markMillis = startMillis;
  }

  Operation operation(String name) {
    return name.isEmpty() ? latest : named.get(name);
  }

  /**
   * Asks check until it reports no problem or the time is up; returns the last problem it reported.
   * A check that throws counts as a problem (e.g. a node that cannot be reached yet).
   */
  static Optional<String> poll(Duration within, Supplier<Optional<String>> check) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<String> problem;
      try {
        problem = check.get();
      } catch (RuntimeException e) {
        problem = Optional.of(String.valueOf(e.getMessage()));
      }
      if (problem.isEmpty() || System.nanoTime() > deadline) {
        return problem;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
