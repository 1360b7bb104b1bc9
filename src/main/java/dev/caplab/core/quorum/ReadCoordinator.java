package dev.caplab.core.quorum;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.event.QuorumVoters;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinates a get (weights 1,2,1, read quorum 2, write quorum 3, get on node_0):
 *
 * <pre>
 *  client      node_0 (coord.)            node_1 (w=2)        node_2 (w=1)
 *    |--get k---->|                            |                   |
 *    |            |--vote-request k----------->|                   |
 *    |            |--vote-request k------------|------------------>|
 *    |            |  own vote: 1 vote, 4@node_2|                   |
 *    |            |<--vote-grant 2 votes, 5@node_0, not yet stable |   3 votes >= read quorum 2
 *    |            |  newest 5@node_0 is held by 2 votes only, and no one knows it is stable:
 *    |            |--read-repair k v 5@node_0--|------------------>|   (own copy is stored too)
 *    |            |<--write-ack----------------|-------------------|   2 + 1 + 1 votes hold 5@node_0
 *    |<--v--------|                            |                   |
 * </pre>
 *
 * The newest version a read quorum holds is at least as new as every acknowledged write (every read
 * quorum meets every write quorum). Before answering, the read makes sure that version is on a
 * write quorum too, so every later read sees it: read quorums need not meet each other (node_1
 * alone and node_0+node_2 are both read quorums here), so repairing only the stale voters the read
 * happened to ask is not enough. The write-back is skipped when the answers already show a write
 * quorum holding the version, or a voter knows it is there (a {@link Confirm} reached it).
 * Thread-safe; holds no locks across calls.
 */
final class ReadCoordinator {

  private final String self;
  private final List<String> nodes;
  private final Weights weights;
  private final Voter voter;
  private final Fanout fanout;
  private final StableMarks marks;
  private final Confirmations confirmations;
  private final EventSink events;
  private final Clock clock;
  private final RequestTimeout timeout;

  ReadCoordinator(
      String self,
      Weights weights,
      Voter voter,
      Fanout fanout,
      StableMarks marks,
      Confirmations confirmations,
      EventSink events,
      Clock clock,
      RequestTimeout timeout) {
    this.self = self;
    this.nodes = weights.nodes();
    this.weights = weights;
    this.voter = voter;
    this.fanout = fanout;
    this.marks = marks;
    this.confirmations = confirmations;
    this.events = events;
    this.clock = clock;
    this.timeout = timeout;
  }

  CompletableFuture<Optional<String>> get(String key) {
    VoteRequest request = new VoteRequest(key, true);
    VoteGrant own = voter.vote(request);
    int ownVotes = weights.of(self);
    if (ownVotes >= weights.read() && own.stable().compareTo(own.held()) >= 0) {
      // This node alone is a read quorum and knows its version is on a write quorum: no messages
      // needed.
      events.emit(
          ProtocolEvent.quorum(
              "read-votes",
              key,
              own.held().toString(),
              ownVotes,
              weights.read(),
              QuorumVoters.reached(List.of(self), "with own votes, version known stable")));
      return CompletableFuture.completedFuture(valueOf(own));
    }
    Deadline deadline = Deadline.after(clock, timeout.now());
    VoteCollector<VoteGrant> votes =
        new VoteCollector<>(
            "read quorum",
            "read-votes",
            key,
            "",
            weights,
            weights.read(),
            nodes,
            List.of(),
            events);
    fanout.ask(
        nodes,
        request,
        () -> CompletableFuture.completedFuture(own),
        VoteGrant.class,
        votes,
        deadline);
    return votes.result().thenCompose(tally -> settle(key, tally, deadline));
  }

  private CompletableFuture<Optional<String>> settle(
      String key, Tally<VoteGrant> tally, Deadline deadline) {
    VoteGrant newest = null;
    Version stable = Version.ZERO;
    for (VoteGrant grant : tally.replies().values()) {
      if (newest == null || grant.held().isNewerThan(newest.held())) {
        newest = grant;
      }
      if (grant.stable().isNewerThan(stable)) {
        stable = grant.stable();
      }
    }
    Version version = newest.held();
    List<String> holders = new ArrayList<>();
    for (Map.Entry<String, VoteGrant> answer : tally.replies().entrySet()) {
      if (answer.getValue().held().equals(version)) {
        holders.add(answer.getKey());
      }
    }
    if (weights.of(holders) >= weights.write()) {
      marks.mark(key, version);
      return CompletableFuture.completedFuture(valueOf(newest));
    }
    if (stable.compareTo(version) >= 0) {
      marks.mark(
          key, stable); // learnt from a voter: this node can answer the next read alone, if it may
      return CompletableFuture.completedFuture(valueOf(newest));
    }
    Versioned entry = new Versioned(newest.value(), version);
    List<String> stale = new ArrayList<>(nodes);
    stale.removeAll(holders);
    VoteCollector<WriteAck> acks =
        new VoteCollector<>(
            "write quorum for read repair",
            "read-repair",
            key,
            version.toString(),
            weights,
            weights.write(),
            nodes,
            holders,
            events);
    fanout.ask(
        stale,
        new ReadRepair(key, entry),
        () -> voter.store(key, entry),
        WriteAck.class,
        acks,
        deadline);
    VoteGrant winner = newest;
    return acks.result()
        .thenApply(
            done -> {
              confirmations.confirmed(key, version);
              return valueOf(winner);
            });
  }

  private static Optional<String> valueOf(VoteGrant grant) {
    return grant.held().equals(Version.ZERO) ? Optional.empty() : Optional.of(grant.value());
  }
}
