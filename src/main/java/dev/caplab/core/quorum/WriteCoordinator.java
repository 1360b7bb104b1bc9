package dev.caplab.core.quorum;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinates a put on whichever node the client asked (weights 1,2,1, write quorum 3, put on
 * node_0):
 *
 * <pre>
 *  client      node_0 (coord.)            node_1 (w=2)        node_2 (w=1)
 *    |--put k v-->|                            |                   |
 *    |            |--vote-request k----------->|                   |
 *    |            |--vote-request k------------|------------------>|
 *    |            |  own vote: 1 vote, 4@node_2|                   |
 *    |            |<--vote-grant 2 votes, 4@node_2                 |   1+2 = 3 votes: write quorum
 *    |            |  new version = 5@node_0 (max counter + 1)      |   (node_2 may still be slow)
 *    |            |--write k v 5@node_0------->|                   |
 *    |            |--write k v 5@node_0--------|------------------>|
 *    |            |  own write, fsync          |  fsync            |
 *    |            |<--write-ack----------------|                   |   3 votes durable
 *    |<----ok-----|                            |                   |
 *    |            |--confirm k 5@node_0 (batched, later) ---------->
 * </pre>
 *
 * Phase one needs a write quorum so the new version beats every acknowledged one (any two write
 * quorums share a node). The put is acknowledged only when write-quorum votes hold it durably;
 * otherwise the client gets UNAVAILABLE naming the votes it got, and the partial write is left as
 * an unacknowledged one that a later read may complete. Thread-safe; holds no locks across calls.
 */
final class WriteCoordinator {

  private final List<String> nodes;
  private final Weights weights;
  private final Voter voter;
  private final Fanout fanout;
  private final VersionIssuer issuer;
  private final Confirmations confirmations;
  private final EventSink events;
  private final Clock clock;
  private final RequestTimeout timeout;

  WriteCoordinator(
      Weights weights,
      Voter voter,
      Fanout fanout,
      VersionIssuer issuer,
      Confirmations confirmations,
      EventSink events,
      Clock clock,
      RequestTimeout timeout) {
    this.nodes = weights.nodes();
    this.weights = weights;
    this.voter = voter;
    this.fanout = fanout;
    this.issuer = issuer;
    this.confirmations = confirmations;
    this.events = events;
    this.clock = clock;
    this.timeout = timeout;
  }

  CompletableFuture<Void> put(String key, String value) {
    Deadline deadline = Deadline.after(clock, timeout.now());
    VoteRequest request = new VoteRequest(key, false);
    VoteCollector<VoteGrant> votes =
        new VoteCollector<>(
            "write quorum",
            "write-votes",
            key,
            "",
            weights,
            weights.write(),
            nodes,
            List.of(),
            events);
    fanout.ask(
        nodes,
        request,
        () -> CompletableFuture.completedFuture(voter.vote(request)),
        VoteGrant.class,
        votes,
        deadline);
    return votes
        .result()
        .thenCompose(tally -> issuer.issue(key, newest(tally)))
        .thenCompose(version -> write(key, new Versioned(value, version), deadline))
        .thenAccept(version -> confirmations.confirmed(key, version));
  }

  private CompletableFuture<Version> write(String key, Versioned entry, Deadline deadline) {
    Write write = new Write(key, entry);
    VoteCollector<WriteAck> acks =
        new VoteCollector<>(
            "write quorum",
            "write-acks",
            key,
            entry.version().toString(),
            weights,
            weights.write(),
            nodes,
            List.of(),
            events);
    fanout.ask(nodes, write, () -> voter.store(key, entry), WriteAck.class, acks, deadline);
    return acks.result().thenApply(tally -> entry.version());
  }

  private static Version newest(Tally<VoteGrant> tally) {
    Version newest = Version.ZERO;
    for (VoteGrant grant : tally.replies().values()) {
      if (grant.held().isNewerThan(newest)) {
        newest = grant.held();
      }
    }
    return newest;
  }
}
