package dev.caplab.core.twopc;

import dev.caplab.core.Failures;
import dev.caplab.core.Inspectable;
import dev.caplab.core.KvException;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import dev.caplab.core.twopc.TwoPcMessages.Abort;
import dev.caplab.core.twopc.TwoPcMessages.Decision;
import dev.caplab.core.twopc.TwoPcMessages.Outcome;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.TxStatus;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The master's side of two-phase commit. Thread-safe: puts on one key run one after another, puts
 * on different keys in parallel; no lock is held while waiting for votes or the disk.
 *
 * <pre>
 *  client        master                               slave_1, slave_2
 *    | put(k,v)    |                                         |
 *    |-----------> | seq = 42; log PREPARE(42) ........     |
 *    |             |---- prepare(42, k, v) --------------->| log PREPARED(42), lock k
 *    |             |<--------------------------- vote-yes -| (vote only once on disk)
 *    |             | all yes: write k=v@42 (= COMMIT)      |
 *    |<-- ok ------|---- commit(42) ---------------------->| apply k=v@42, unlock k
 *    |             |<-------------------------------- ack -|
 *    |             | log END(42)                           |
 * </pre>
 *
 * A vote that is "no" or missing aborts the put (strict) or excludes the slave from the group,
 * which the put may then commit without - but only once that slave's read lease has run out
 * (exclude).
 */
final class Coordinator {

  /**
   * How often the ends of finished transactions are written, as one record. A lost END costs only a
   * resent decision after a crash, so batching ten times a second saves an fsync per put for
   * nothing.
   */
  private static final long END_FLUSH_MILLIS = 100;

  private final TwoPcOptions options;
  private final DurableStore store;
  private final CoordinatorLog log;
  private final TxRegistry registry;
  private final Membership membership;
  private final Transport transport;
  private final TxStates states;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final CrashSeam crashes;
  private final KeyChains chains = new KeyChains();
  private final CommitSender commits;
  private ScheduledFuture<?> endFlusher;

  private record Tx(long seq, String key, String value, List<String> participants) {
    String id() {
      return Long.toString(seq);
    }
  }

  private record VoteResult(String slave, boolean yes, String why) {}

  Coordinator(
      TwoPcOptions options,
      DurableStore store,
      CoordinatorLog log,
      TxRegistry registry,
      Membership membership,
      Transport transport,
      EventSink events,
      ScheduledExecutorService scheduler,
      Clock clock,
      CrashSeam crashes) {
    this.options = options;
    this.store = store;
    this.log = log;
    this.registry = registry;
    this.membership = membership;
    this.transport = transport;
    this.states = new TxStates(events);
    this.scheduler = scheduler;
    this.clock = clock;
    this.crashes = crashes;
    this.commits = new CommitSender(transport, options.commitTimeout());
  }

  /** Completes once the write is committed (durable on the master and prepared on every voter). */
  CompletableFuture<Void> put(String key, String value) {
    return chains.run(key, () -> begin(key, value));
  }

  /** Answers a slave's in-doubt question from the undecided set and the store (presumed abort). */
  Decision status(TxStatus question) {
    if (registry.isUndecided(question.seq())) {
      return new Decision(question.seq(), question.key(), Outcome.PENDING, "", 0);
    }
    Optional<Versioned> current = store.get(question.key());
    if (current.isPresent() && current.get().version().counter() >= question.seq()) {
      return new Decision(
          question.seq(),
          question.key(),
          Outcome.COMMITTED,
          current.get().value(),
          current.get().version().counter());
    }
    return new Decision(question.seq(), question.key(), Outcome.ABORTED, "", 0);
  }

  /**
   * After a restart: transactions whose COMMIT record is in the store are finished, the others
   * aborted (presumed abort), and their participants told. Completes when new puts can get numbers
   * without waiting.
   */
  CompletableFuture<Void> recover() {
    for (CoordinatorLog.Unfinished u : log.unfinished()) {
      // The store holding the key at seq or later means this COMMIT was written, unless ABORT(seq)
      // was
      // logged: then a later put wrote the key, and the abort stands.
      if (!u.aborted() && store.version(u.key()).counter() >= u.seq()) {
        states.enter("COMMITTED", u.key(), u.seq(), "COMMIT found in the log after restart");
        tellCommitted(u.seq(), u.key(), u.participants());
      } else {
        if (!u.aborted()) {
          log.abort(u.seq());
        }
        states.enter(
            "ABORTED", u.key(), u.seq(), "no COMMIT in the log after restart: presumed abort");
        tell(u.seq(), u.participants(), new Abort(u.seq(), u.key()));
      }
    }
    log.compact(); // only the transactions just told remain: they end when acknowledged
    endFlusher =
        scheduler.scheduleWithFixedDelay(
            log::flushEnds, END_FLUSH_MILLIS, END_FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    return registry.reservation();
  }

  List<Inspectable.TxView> transactions() {
    return states.list();
  }

  void close() {
    if (endFlusher != null) {
      endFlusher.cancel(false);
    }
    log.flushEnds();
  }

  private CompletableFuture<Void> begin(String key, String value) {
    Tx tx =
        registry.begin(seq -> new Tx(seq, key, value, membership.participants(options.strict())));
    if (tx == null) {
      return registry.reservation().thenCompose(v -> begin(key, value));
    }
    return run(tx);
  }

  private CompletableFuture<Void> run(Tx tx) {
    states.enter(
        "PREPARING",
        tx.key,
        tx.seq,
        tx.participants.isEmpty()
            ? "no slave in the group"
            : "asking " + String.join(", ", tx.participants));
    CompletableFuture<Throwable> logged =
        log.prepare(tx.seq, tx.key, tx.participants).handle((v, e) -> e);
    List<CompletableFuture<VoteResult>> votes =
        tx.participants.stream().map(p -> askVote(tx, p)).toList();
    return CompletableFuture.allOf(votes.toArray(CompletableFuture[]::new))
        .thenCompose(v -> logged)
        .thenCompose(
            logError ->
                logError != null
                    ? abort(tx, "the master could not log PREPARE: " + logError.getMessage())
                    : decide(tx, votes.stream().map(CompletableFuture::join).toList()));
  }

  private CompletableFuture<VoteResult> askVote(Tx tx, String slave) {
    return transport
        .call(slave, new Prepare(tx.seq, tx.key, tx.value), options.prepareTimeout())
        .handle(
            (reply, error) -> {
              if (error != null) {
                return new VoteResult(slave, false, describe(error));
              }
              if (reply instanceof Vote vote && vote.seq() == tx.seq) {
                return new VoteResult(
                    slave, vote.yes(), vote.yes() ? "" : "voted no (" + vote.reason() + ")");
              }
              return new VoteResult(
                  slave, false, "answered " + reply.type() + " instead of a vote");
            });
  }

  private CompletableFuture<Void> decide(Tx tx, List<VoteResult> results) {
    List<String> yes = results.stream().filter(VoteResult::yes).map(VoteResult::slave).toList();
    List<VoteResult> failed = results.stream().filter(r -> !r.yes).toList();
    if (failed.isEmpty()) {
      return commit(tx, yes);
    }
    String why = failed.stream().map(r -> r.slave + " " + r.why).collect(Collectors.joining("; "));
    if (options.strict()) {
      return abort(tx, why);
    }
    CompletableFuture<?>[] exclusions =
        failed.stream()
            .map(r -> membership.exclude(r.slave, r.why + " on tx " + tx.seq))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(exclusions)
        .handle((v, e) -> e)
        .thenCompose(
            e ->
                e == null
                    ? commit(tx, yes)
                    : abort(tx, "could not record the exclusion: " + e.getMessage()));
  }

  private CompletableFuture<Void> commit(Tx tx, List<String> voters) {
    crashes.reached(CrashPoint.AFTER_PREPARE_LOGGED);
    return leasesExpired(tx, voters)
        .thenCompose(
            v -> store.put(tx.key, tx.value, new Version(tx.seq, CentralizedReplicas.MASTER)))
        .handle(
            (stored, error) -> {
              if (error != null) {
                registry.finish(tx.seq);
                throw new KvException(
                    KvException.Reason.UNAVAILABLE,
                    "the master could not write COMMIT of '"
                        + tx.key
                        + "': "
                        + unwrap(error).getMessage());
              }
              crashes.reached(CrashPoint.AFTER_COMMIT_LOGGED);
              registry.finish(tx.seq);
              states.enter(
                  "COMMITTED",
                  tx.key,
                  tx.seq,
                  voters.isEmpty()
                      ? "on the master alone"
                      : "prepared on " + String.join(", ", voters));
              tellCommitted(tx.seq, tx.key, voters);
              return null;
            });
  }

  /**
   * A slave outside the voters may still serve reads until its lease runs out: commit only after
   * that.
   */
  private CompletableFuture<Void> leasesExpired(Tx tx, List<String> voters) {
    long wait = membership.leasesExpireAt(voters) - clock.millis();
    if (wait <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    states.enter(
        "WAITING-LEASE",
        tx.key,
        tx.seq,
        "an excluded slave may serve reads for another " + wait + " ms");
    return Timeouts.after(Duration.ofMillis(wait + 1), scheduler)
        .thenCompose(v -> leasesExpired(tx, voters));
  }

  private CompletableFuture<Void> abort(Tx tx, String why) {
    log.abort(tx.seq);
    registry.finish(tx.seq);
    states.enter("ABORTED", tx.key, tx.seq, why);
    tell(tx.seq, tx.participants, new Abort(tx.seq, tx.key));
    return CompletableFuture.failedFuture(
        new KvException(KvException.Reason.ABORTED, "put of '" + tx.key + "' aborted: " + why));
  }

  /**
   * A participant that misses the commit asks later (tx-status), so the transaction ends either
   * way.
   */
  private void tellCommitted(long seq, String key, List<String> voters) {
    CompletableFuture<?>[] sends =
        voters.stream().map(v -> commits.send(v, seq, key)).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).thenRun(() -> log.end(seq));
  }

  /**
   * Sends the decision; a participant that misses it asks later (tx-status), so the transaction
   * ends either way.
   */
  private void tell(long seq, List<String> participants, Message decision) {
    CompletableFuture<?>[] sends =
        participants.stream()
            .map(p -> transport.call(p, decision, options.commitTimeout()).exceptionally(e -> null))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).thenRun(() -> log.end(seq));
  }

  static String describe(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof PeerException peer) {
      return switch (peer.kind()) {
        case TIMEOUT, DROPPED -> "did not answer in time";
        case UNREACHABLE -> "is unreachable";
        case FAILED -> "failed: " + peer.getMessage();
      };
    }
    return "failed: " + cause;
  }

  static Throwable unwrap(Throwable error) {
    return Failures.unwrap(error);
  }
}
