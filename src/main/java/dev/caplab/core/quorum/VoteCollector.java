package dev.caplab.core.quorum;

import dev.caplab.core.Failures;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.event.QuorumVoters;
import dev.caplab.core.net.PeerException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Counts the weighted answers of one quorum phase. Completes as soon as the votes reach the quorum
 * (it does not wait for slow nodes), and fails with UNAVAILABLE as soon as the nodes still pending
 * cannot make up the difference, or at the deadline. Reports progress as QUORUM events.
 * Thread-safe: answers arrive on transport threads; each collector serializes them on itself.
 */
final class VoteCollector<R> {

  private final String quorumName;
  private final String phase;
  private final String key;
  private final String version;
  private final Weights weights;
  private final int needed;
  private final EventSink events;
  private final Set<String> pending;
  private final Set<String> counted = new LinkedHashSet<>();
  private final Map<String, R> replies = new LinkedHashMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final CompletableFuture<Tally<R>> result = new CompletableFuture<>();
  private int votes;

  /**
   * @param quorumName how a failure names the quorum, e.g. "write quorum"
   * @param phase the QUORUM event label, e.g. "write-votes"
   * @param asked the nodes whose answers count
   * @param credited nodes counted without asking (they already hold what this phase writes)
   */
  VoteCollector(
      String quorumName,
      String phase,
      String key,
      String version,
      Weights weights,
      int needed,
      Collection<String> asked,
      Collection<String> credited,
      EventSink events) {
    this.quorumName = quorumName;
    this.phase = phase;
    this.key = key;
    this.version = version;
    this.weights = weights;
    this.needed = needed;
    this.events = events;
    this.pending = new LinkedHashSet<>(asked);
    this.pending.removeAll(credited);
    this.counted.addAll(credited);
    this.votes = weights.of(credited);
    settle();
  }

  CompletableFuture<Tally<R>> result() {
    return result;
  }

  synchronized void accept(String node, R reply) {
    if (!pending.remove(node)) {
      return;
    }
    replies.put(node, reply);
    counted.add(node);
    votes += weights.of(node);
    if (!result.isDone()) {
      events.emit(
          ProtocolEvent.quorum(
              phase, key, version, votes, needed, QuorumVoters.describe(counted, votes >= needed)));
    }
    settle();
  }

  synchronized void reject(String node, Throwable error) {
    if (!pending.remove(node)) {
      return;
    }
    failures.put(node, node + " " + describe(error));
    settle();
  }

  /** The deadline passed: whoever has not answered counts as silent. */
  synchronized void expire(String silence) {
    for (String node : pending) {
      failures.put(node, node + " " + silence);
    }
    pending.clear();
    settle();
  }

  private void settle() {
    if (result.isDone()) {
      return;
    }
    if (votes >= needed) {
      result.complete(new Tally<>(replies, votes));
    } else if (votes + weights.of(pending) < needed) {
      // Counts the votes still possible, not only those in: failing early must not blame the nodes
      // that are up.
      int possible = votes + weights.of(pending);
      List<String> reasons = new ArrayList<>(failures.values());
      String message =
          quorumName
              + " not reached: "
              + possible
              + " of "
              + needed
              + " votes"
              + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")");
      events.emit(
          ProtocolEvent.quorum(
              phase, key, version, votes, needed, "not reached: " + String.join(", ", reasons)));
      result.completeExceptionally(new KvException(KvException.Reason.UNAVAILABLE, message));
    }
  }

  private static String describe(Throwable error) {
    Throwable cause = Failures.unwrap(error);
    if (cause instanceof PeerException peer) {
      return switch (peer.kind()) {
        case UNREACHABLE -> "unreachable";
        case TIMEOUT -> "did not answer in time";
        case DROPPED -> "lost the message";
        case FAILED -> "failed: " + peer.getMessage();
      };
    }
    return "failed: " + cause.getMessage();
  }
}
