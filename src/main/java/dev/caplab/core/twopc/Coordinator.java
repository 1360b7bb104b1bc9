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
import dev.caplab.core.twopc.TwoPcMessages.Resolve;
import dev.caplab.core.twopc.TwoPcMessages.TxStatus;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Parallel commits (an option): the PREPARE record is a STAGE record, and a put whose STAGE and
 * every vote are durable is committed by definition. The client is answered then; the COMMIT record
 * (the store write) follows off the path, and until it is in the store the master serves reads of
 * the key from memory. A restarted master that finds STAGE without COMMIT asks the participants
 * ({@code resolve}): all prepared - commit; one refused - abort.
 *
 * <pre>
 *  client        master                               slave_1, slave_2
 *    | put(k,v)    |---- prepare(42, k, v) --------------->| log PREPARED(42)
 *    |             | log STAGE(42, k, v, slaves) (parallel)|
 *    |<-- ok ------|<--------------------------- vote-yes -| (STAGE and every vote durable)
 *    |             | write k=v@42 (= COMMIT), commit(42) ->| apply
 * </pre>
 */
final class Coordinator {

  /**
   * How often the ends of finished transactions are written, as one record. A lost END costs only a
   * resent decision after a crash, so batching ten times a second saves an fsync per put for
   * nothing.
   */
  private static final long END_FLUSH_MILLIS = 100;

  /**
   * With a crash armed after the client's answer, the master waits this long before halting, so the
   * answer is on the wire when it does.
   */
  private static final long ANSWER_GRACE_MILLIS = 200;

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

  /** Committed by parallel commits, not yet in the store: what the master reads first. */
  private final ConcurrentHashMap<String, Versioned> applying = new ConcurrentHashMap<>();

  private ScheduledFuture<?> endFlusher;

  private record Tx(long seq, String key, String value, List<String> participants, boolean staged) {
    String id() {
      return Long.toString(seq);
    }
  }

  private record VoteResult(String slave, boolean yes, String why) {}

  /** A participant's answer to resolve; answered false when it could not be asked. */
  private record Resolution(String slave, boolean answered, boolean prepared, String why) {}

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

  /** The value of key the master serves: committed ones not yet in the store first. */
  Optional<Versioned> read(String key) {
    Versioned pending = applying.get(key);
    return pending != null ? Optional.of(pending) : store.get(key);
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
    List<CoordinatorLog.Unfinished> staged = new ArrayList<>();
    for (CoordinatorLog.Unfinished u : log.unfinished()) {
      // The store holding the key at seq or later means this COMMIT was written, unless ABORT(seq)
      // was
      // logged: then a later put wrote the key, and the abort stands.
      if (!u.aborted() && store.version(u.key()).counter() >= u.seq()) {
        states.enter("COMMITTED", u.key(), u.seq(), "COMMIT found in the log after restart");
        tellCommitted(u.seq(), u.key(), u.participants());
      } else if (!u.aborted() && u.staged()) {
        registry.adopt(u.seq()); // tx-status answers "pending" until the participants answered
        staged.add(u);
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
    // a new put on such a key waits behind its resolution
    staged.forEach(u -> chains.run(u.key(), () -> resolveStaged(u)));
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
        registry.begin(
            seq -> {
              List<String> participants = membership.participants(options.strict());
              boolean staged = options.parallelCommits() && !participants.isEmpty();
              return new Tx(seq, key, value, participants, staged);
            });
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
        (tx.staged
                ? log.stage(tx.seq, tx.key, tx.value, tx.participants)
                    .thenRun(() -> crashes.reached(CrashPoint.AFTER_STAGE_LOGGED))
                : log.prepare(tx.seq, tx.key, tx.participants))
            .handle((v, e) -> e);
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
      return commit(tx, yes, tx.staged);
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
                    ? commit(tx, yes, false) // STAGE names a slave that did not prepare
                    : abort(tx, "could not record the exclusion: " + e.getMessage()));
  }

  /**
   * early: committed by definition (STAGE and every participant's vote are durable), so the client
   * is answered before the COMMIT record is written.
   */
  private CompletableFuture<Void> commit(Tx tx, List<String> voters, boolean early) {
    crashes.reached(CrashPoint.AFTER_PREPARE_LOGGED);
    if (early) {
      return leasesExpired(tx, voters).thenRun(() -> commitEarly(tx, voters));
    }
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

  private void commitEarly(Tx tx, List<String> voters) {
    Versioned value = new Versioned(tx.value, new Version(tx.seq, CentralizedReplicas.MASTER));
    applying.put(tx.key, value); // the master's reads see it before the client hears of it
    states.enter(
        "COMMITTED", tx.key, tx.seq, "staged and prepared on " + String.join(", ", voters));
    Runnable writeAndTell =
        () -> {
          CompletableFuture<Boolean> written =
              store
                  .put(tx.key, tx.value, value.version())
                  .whenComplete((ok, e) -> written(tx, value, e));
          tellCommitted(tx.seq, tx.key, voters, written);
        };
    if (crashes.armedAt(CrashPoint.AFTER_ACK)) {
      scheduler.schedule(
          () -> {
            crashes.reached(CrashPoint.AFTER_ACK);
            writeAndTell.run();
          },
          ANSWER_GRACE_MILLIS,
          TimeUnit.MILLISECONDS);
    } else {
      writeAndTell.run();
    }
  }

  private void written(Tx tx, Versioned value, Throwable error) {
    if (error != null) {
      // still committed: the value stays served from memory; a restart asks the participants
      states.enter("COMMITTED", tx.key, tx.seq, "COMMIT record failed: " + unwrap(error));
      return;
    }
    applying.remove(tx.key, value);
    registry.finish(tx.seq);
  }

  /**
   * After a restart: STAGE without COMMIT. Committed if every participant prepared it; aborted if
   * one did not (it refuses the transaction durably when asked). A participant that does not answer
   * is asked again (strict: 2PC blocks) or excluded (exclude).
   */
  private CompletableFuture<Void> resolveStaged(CoordinatorLog.Unfinished u) {
    states.enter("PREPARING", u.key(), u.seq(), "STAGE without COMMIT after restart: asking");
    List<CompletableFuture<Resolution>> answers =
        u.participants().stream().map(p -> askResolve(u, p)).toList();
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenCompose(
            v -> {
              List<Resolution> all = answers.stream().map(CompletableFuture::join).toList();
              Optional<Resolution> refused =
                  all.stream().filter(r -> r.answered && !r.prepared).findFirst();
              Tx tx = new Tx(u.seq(), u.key(), u.stagedValue(), u.participants(), true);
              if (refused.isPresent()) {
                return abort(tx, refused.get().slave + " " + refused.get().why + " (after restart)")
                    .exceptionally(e -> null);
              }
              List<String> voters = all.stream().filter(r -> r.prepared).map(r -> r.slave).toList();
              CompletableFuture<?>[] exclusions =
                  all.stream()
                      .filter(r -> !r.answered)
                      .map(r -> membership.exclude(r.slave, r.why + " on tx " + u.seq()))
                      .toArray(CompletableFuture[]::new);
              return CompletableFuture.allOf(exclusions)
                  .thenCompose(x -> commit(tx, voters, false))
                  .exceptionally(e -> null); // a failed COMMIT write: asked again after a restart
            });
  }

  private CompletableFuture<Resolution> askResolve(CoordinatorLog.Unfinished u, String slave) {
    return transport
        .call(slave, new Resolve(u.seq(), u.key()), options.prepareTimeout())
        .handle(
            (reply, error) -> {
              if (reply instanceof Vote vote && vote.seq() == u.seq()) {
                return CompletableFuture.completedFuture(
                    new Resolution(slave, true, vote.yes(), vote.reason()));
              }
              String why = error != null ? describe(error) : "answered " + reply.type();
              if (!options.strict()) {
                return CompletableFuture.completedFuture(new Resolution(slave, false, false, why));
              }
              return Timeouts.after(options.prepareTimeout(), scheduler)
                  .thenCompose(x -> askResolve(u, slave));
            })
        .thenCompose(f -> f);
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
    tellCommitted(seq, key, voters, CompletableFuture.completedFuture(true));
  }

  /** END waits for written too: without the COMMIT record recovery must still see STAGE. */
  private void tellCommitted(
      long seq, String key, List<String> voters, CompletableFuture<Boolean> written) {
    CompletableFuture<?>[] sends =
        voters.stream().map(v -> commits.send(v, seq, key)).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).thenCombine(written, (a, b) -> b).thenRun(() -> log.end(seq));
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
