package dev.caplab.lesson;

import dev.caplab.client.NodeEvent;
import dev.caplab.client.NodeSnapshot;
import dev.caplab.core.history.LinearizabilityChecker;
import dev.caplab.core.history.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks what an {@code expect} step says against the real cluster, polling until it holds or its
 * time bound has passed. A failure says what was seen instead. Runner thread only.
 */
final class ExpectChecker {

  /** How long the event log may take to catch up with what the nodes have emitted. */
  static final Duration CATCH_UP = Duration.ofSeconds(5);

  private static final int SHOWN_EVENTS = 8;

  private final RunState state;

  ExpectChecker(RunState state) {
    this.state = state;
  }

  /** Returns what was seen when it holds; throws when it does not. */
  String check(Expectation expectation) throws StepFailed, InterruptedException {
    if (expectation instanceof Expectation.Result r) {
      return result(r);
    } else if (expectation instanceof Expectation.NodeState n) {
      return nodeState(n);
    } else if (expectation instanceof Expectation.Event e) {
      return e.absent() ? noEvent(e) : event(e);
    } else if (expectation instanceof Expectation.Verdict v) {
      return verdict(v);
    }
    throw new IllegalArgumentException("unknown expectation " + expectation);
  }

  private String result(Expectation.Result r) throws StepFailed, InterruptedException {
    Operation op = state.operation(r.of());
    String name = op.describe();
    if (r.outcomes().equals(java.util.Set.of(Expectation.PENDING))) {
      if (op.result.isDone()) {
        throw new StepFailed(
            "expected "
                + name
                + " to be still waiting for its answer; it has ended: "
                + op.result.join());
      }
      return name + " is still waiting";
    }
    Operation.Result result;
    try {
      result = op.result.get(r.within().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (r.outcomes().contains(Expectation.PENDING)) {
        return name + " is still waiting";
      }
      throw new StepFailed(
          "expected "
              + name
              + " to end with "
              + r.outcomes()
              + " within "
              + r.within().toMillis()
              + " ms; it has not ended");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StepFailed(name + ": " + e.getCause());
    }
    boolean outcomeMatches =
        r.outcomes().contains(result.outcome())
            || (r.outcomes().contains(Expectation.FAILED)
                && !Expectation.OK.equals(result.outcome()));
    boolean valueMatches = r.value().isEmpty() || r.value().equals(result.value());
    if (!outcomeMatches || !valueMatches) {
      String wanted =
          String.join(" or ", r.outcomes()) + r.value().map(v -> ", value '" + v + "'").orElse("");
      throw new StepFailed(
          "expected " + name + " to end with " + wanted + "; it ended with " + result);
    }
    return name + ": " + result;
  }

  /** In a compare run each cluster's history is judged on its own, and each must match. */
  private String verdict(Expectation.Verdict expected) throws StepFailed {
    List<String> seenAll = new ArrayList<>();
    for (LessonCluster cluster : state.clusters) {
      List<dev.caplab.core.history.Operation> history = cluster.history();
      Verdict verdict = LinearizabilityChecker.check(history);
      String seen =
          verdict.linearizable()
              ? verdict.headline()
              : verdict.headline() + ": " + verdict.violation().explanation();
      if (state.clusters.size() > 1) {
        seen = cluster.config.mode().name().toLowerCase(Locale.ROOT) + ": " + seen;
      }
      if (verdict.linearizable() != expected.linearizable()) {
        String wanted = expected.linearizable() ? "linearizable: yes" : "linearizable: no";
        throw new StepFailed(
            "expected the verdict "
                + wanted
                + " over "
                + history.size()
                + " operations; it is "
                + seen);
      }
      seenAll.add(seen);
    }
    return String.join("; ", seenAll);
  }

  private String nodeState(Expectation.NodeState n) throws StepFailed, InterruptedException {
    AtomicReference<String> seen = new AtomicReference<>("");
    Optional<String> problem =
        RunState.poll(
            n.within(),
            () -> {
              List<String> wrong = new ArrayList<>();
              List<String> saw = new ArrayList<>();
              LessonCluster cluster = state.clusterOf(n.node());
              String process = cluster.supervisor.state(n.node()).name().toLowerCase(Locale.ROOT);
              saw.add("process " + process);
              if (!n.process().isEmpty() && !n.process().equals(process)) {
                wrong.add("process");
              }
              if (!n.status().isEmpty() || !n.key().isEmpty()) {
                NodeSnapshot snapshot;
                try {
                  snapshot = cluster.admin.inspect(n.node(), 0, 1).get(2, TimeUnit.SECONDS);
                } catch (Exception e) {
                  seen.set(
                      String.join(", ", saw) + ", cannot be inspected (" + rootMessage(e) + ")");
                  return Optional.of("unreachable");
                }
                saw.add("status " + snapshot.status());
                if (!n.status().isEmpty() && !n.status().equals(snapshot.status())) {
                  wrong.add("status");
                }
                if (!n.key().isEmpty()) {
                  Optional<NodeSnapshot.Entry> entry =
                      snapshot.entries().stream().filter(e -> e.key().equals(n.key())).findFirst();
                  saw.add(
                      entry
                          .map(e -> n.key() + " = '" + e.value() + "' (" + e.version() + ")")
                          .orElse("no " + n.key()));
                  if (n.absent()
                      ? entry.isPresent()
                      : entry.isEmpty() && (n.value().isPresent() || n.transaction().isEmpty())) {
                    wrong.add("key");
                  }
                  if (n.value().isPresent()
                      && entry.isPresent()
                      && !n.value().get().equals(entry.get().value())) {
                    wrong.add("value");
                  }
                  if (!n.transaction().isEmpty()) {
                    List<String> states =
                        snapshot.transactions().stream()
                            .filter(t -> t.key().equals(n.key()))
                            .map(NodeSnapshot.Transaction::state)
                            .toList();
                    saw.add("transactions on " + n.key() + " " + states);
                    if (!states.contains(n.transaction())) {
                      wrong.add("transaction");
                    }
                  }
                }
              }
              seen.set(String.join(", ", saw));
              return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", wrong));
            });
    if (problem.isPresent()) {
      throw new StepFailed(
          "expected "
              + describe(n)
              + " within "
              + n.within().toMillis()
              + " ms; saw "
              + seen.get());
    }
    return n.node() + ": " + seen.get();
  }

  private static String describe(Expectation.NodeState n) {
    List<String> parts = new ArrayList<>();
    if (!n.process().isEmpty()) {
      parts.add("process " + n.process());
    }
    if (!n.status().isEmpty()) {
      parts.add("status " + n.status());
    }
    if (!n.key().isEmpty()) {
      parts.add(
          n.absent() ? "no " + n.key() : n.key() + n.value().map(v -> " = '" + v + "'").orElse(""));
    }
    if (!n.transaction().isEmpty()) {
      parts.add("a " + n.transaction() + " transaction on " + n.key());
    }
    return n.node() + " with " + String.join(", ", parts);
  }

  private String event(Expectation.Event e) throws StepFailed, InterruptedException {
    long since = e.sinceStart() ? state.startMillis : state.markMillis;
    Optional<String> missing =
        RunState.poll(
            e.within(),
            () ->
                find(e.pattern(), since).isPresent() ? Optional.empty() : Optional.of("not seen"));
    if (missing.isPresent()) {
      throw new StepFailed(
          "expected an event ("
              + e.pattern()
              + ") within "
              + e.within().toMillis()
              + " ms; latest similar events: "
              + recent(e.pattern(), since));
    }
    NodeEvent found = find(e.pattern(), since).orElseThrow();
    return "seen " + brief(found);
  }

  /** No matching event: checked once every event the running nodes had emitted has arrived. */
  private String noEvent(Expectation.Event e) throws StepFailed, InterruptedException {
    long since = e.sinceStart() ? state.startMillis : state.markMillis;
    for (LessonCluster cluster : state.clusters) {
      for (String node : cluster.config.ids()) {
        if (!cluster.running(node)) {
          continue;
        }
        long emitted;
        try {
          emitted = cluster.admin.inspect(node, 1, 1).get(2, TimeUnit.SECONDS).lastSeq();
        } catch (Exception ex) {
          continue; // not answering: whatever it emitted cannot be waited for
        }
        Optional<String> behind =
            RunState.poll(
                CATCH_UP,
                () ->
                    cluster.events.lastSeq(node) >= emitted
                        ? Optional.empty()
                        : Optional.of("behind"));
        if (behind.isPresent()) {
          throw new StepFailed(
              "the events of "
                  + node
                  + " up to "
                  + emitted
                  + " did not arrive within "
                  + CATCH_UP.toSeconds()
                  + " s, so their absence cannot be checked");
        }
      }
    }
    Optional<NodeEvent> found = find(e.pattern(), since);
    if (found.isPresent()) {
      throw new StepFailed("expected no event (" + e.pattern() + "); saw " + brief(found.get()));
    }
    return "no event (" + e.pattern() + ")";
  }

  /**
   * The latest events of the same type and label (or, when none, any but lease renewals), for a
   * failure.
   */
  private String recent(EventPattern pattern, long since) {
    EventPattern similar = new EventPattern("", pattern.type(), pattern.label(), "", "", "");
    EventLog log =
        pattern.node().isEmpty() ? state.cluster.events : state.clusterOf(pattern.node()).events;
    List<NodeEvent> tail = log.tail(since, SHOWN_EVENTS, similar::matches);
    if (tail.isEmpty()) {
      tail = log.tail(since, SHOWN_EVENTS, ev -> !ev.label().startsWith("lease"));
    }
    return tail.isEmpty()
        ? "none"
        : String.join("; ", tail.stream().map(ExpectChecker::brief).toList());
  }

  /**
   * The first matching event: in the named node's cluster, or in any cluster of the run when none
   * is named.
   */
  private Optional<NodeEvent> find(EventPattern pattern, long since) {
    if (!pattern.node().isEmpty()) {
      return state.clusterOf(pattern.node()).events.find(pattern, since);
    }
    return state.clusters.stream()
        .map(c -> c.events.find(pattern, since))
        .flatMap(Optional::stream)
        .findFirst();
  }

  static String brief(NodeEvent e) {
    StringBuilder s =
        new StringBuilder(e.node()).append(' ').append(e.type()).append(' ').append(e.label());
    if (!e.peer().isEmpty()) {
      s.append(e.type().equals("RECEIVED") ? " from " : " to ").append(e.peer());
    }
    if (!e.key().isEmpty()) {
      s.append(" key ").append(e.key());
    }
    if (!e.detail().isEmpty()) {
      s.append(" (").append(e.detail()).append(')');
    }
    return s.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
