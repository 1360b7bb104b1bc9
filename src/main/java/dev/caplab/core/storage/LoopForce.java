package dev.caplab.core.storage;

import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Marks event-loop threads on which a {@link RecordLog} may fsync by itself. A forced record
 * appended on such a thread is written at once and fsync'd by a task the loop runs after the work
 * it is doing now (everything it has read): the records appended meanwhile share that fsync, and
 * their continuations (votes, replies) run on the loop, with no wake-up of the log's writer thread
 * and none of the loop to send them.
 */
public final class LoopForce {

  private static final ThreadLocal<Executor> LATER = new ThreadLocal<>();

  private LoopForce() {}

  /**
   * Call on the loop's own thread; {@code later} must run each task on this same thread, after the
   * work in progress.
   */
  public static void bindCurrentThread(Executor later) {
    LATER.set(Objects.requireNonNull(later, "later"));
  }

  /** The loop of the calling thread, null on any other thread. */
  static Executor current() {
    return LATER.get();
  }
}
