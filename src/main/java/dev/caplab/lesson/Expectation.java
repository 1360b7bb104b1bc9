package dev.caplab.lesson;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** What an {@code expect} step checks on the real cluster. Immutable. */
public sealed interface Expectation {

  /** Outcome words besides the gRPC status codes. */
  String OK = "ok";

  String REFUSED = "refused";
  String NOT_FOUND = "not-found";
  String FAILED = "failed";
  String PENDING = "pending";

  /**
   * The operation named of (empty: the latest one) ends within the bound with one of outcomes: ok,
   * refused (a put voted down), not-found, a gRPC status code (UNAVAILABLE...), failed (anything
   * but ok); or is still pending now. value, when present, is what a get must return.
   */
  record Result(String of, Set<String> outcomes, Optional<String> value, Duration within)
      implements Expectation {
    public Result {
      outcomes = Set.copyOf(outcomes);
    }
  }

  /**
   * Within the bound, node shows every given property at once (empty strings are not checked): its
   * status as it reports it (serving, in-doubt, no-lease...), its process (serving, killed...), its
   * store holding key (with value when present, or not holding it when absent), a transaction on
   * key in state transaction.
   */
  record NodeState(
      String node,
      String status,
      String process,
      String key,
      Optional<String> value,
      boolean absent,
      String transaction,
      Duration within)
      implements Expectation {}

  /**
   * An event matching pattern was emitted since the latest do step (or since the lesson started)
   * within the bound; with absent, none was, counting every event the nodes had emitted when the
   * check ran.
   */
  record Event(EventPattern pattern, boolean sinceStart, boolean absent, Duration within)
      implements Expectation {}

  /**
   * The linearizability verdict over every operation the lesson and its load sent to the current
   * cluster: linearizable or not. A put without an answer counts as one that may still take effect.
   */
  record Verdict(boolean linearizable) implements Expectation {}
}
