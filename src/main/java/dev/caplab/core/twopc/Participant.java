package dev.caplab.core.twopc;

import dev.caplab.core.Inspectable;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.twopc.TwoPcMessages.Abort;
import dev.caplab.core.twopc.TwoPcMessages.Ack;
import dev.caplab.core.twopc.TwoPcMessages.Commit;
import dev.caplab.core.twopc.TwoPcMessages.Decision;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.Resolve;
import dev.caplab.core.twopc.TwoPcMessages.TxRef;
import dev.caplab.core.twopc.TwoPcMessages.TxStatus;
import dev.caplab.core.twopc.TwoPcMessages.Vote;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A slave's side of two-phase commit. Thread-safe: one monitor guards the prepared transactions and
 * key locks and is never held across I/O.
 *
 * <p>States of a transaction here: (none) -> PREPARED (logged, key locked, voted yes) -> COMMITTED
 * or ABORTED; PREPARED turns IN_DOUBT when the decision is late and the master cannot be asked. An
 * in-doubt key stays locked - reads of it wait and then fail - because the master may have
 * committed it.
 */
final class Participant {

  private static final class Entry {
    final long seq;
    final String key;
    final String value;
    final long since;
    final CompletableFuture<Void> durable = new CompletableFuture<>();
    final CompletableFuture<Void> resolved = new CompletableFuture<>();
    boolean asking;
    boolean inDoubt;

    Entry(long seq, String key, String value, long since) {
      this.seq = seq;
      this.key = key;
      this.value = value;
      this.since = since;
    }
  }

  private static final long ASK_FOR_READER_MILLIS = 50;

  /**
   * Sweeps for in-doubt transactions twice per commit timeout: a lost decision is asked for soon
   * after.
   */
  private static final int SWEEPS_PER_COMMIT_TIMEOUT = 2;

  private static final long MIN_SWEEP_MILLIS = 20;

  /**
   * A prepare that finds its key held by an older transaction asks how that one ended after a
   * quarter of the prepare timeout: the decision is normally on its way; asking earlier would only
   * add traffic.
   */
  private static final int ASKS_PER_PREPARE_TIMEOUT = 4;

  private static final long MIN_ASK_MILLIS = 10;

  private final TwoPcOptions options;
  private final DurableStore store;
  private final ParticipantLog log;
  private final Transport transport;
  private final TxStates states;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Runnable onInDoubtChange;
  private final TreeMap<Long, Entry> prepared = new TreeMap<>();

  /**
   * Committed here by an unforced store write: the PREPARED record stays in the log until a store
   * sync covers the write (the next sweep), so a machine crash before it leaves the transaction
   * prepared, to be asked about, and not lost.
   */
  private final ConcurrentLinkedQueue<Long> committedUnsynced = new ConcurrentLinkedQueue<>();

  private final Map<String, Entry> locks = new HashMap<>();
  private ScheduledFuture<?> sweeper;

  Participant(
      TwoPcOptions options,
      DurableStore store,
      ParticipantLog log,
      Transport transport,
      EventSink events,
      ScheduledExecutorService scheduler,
      Clock clock,
      Runnable onInDoubtChange) {
    this.options = options;
    this.store = store;
    this.log = log;
    this.transport = transport;
    this.states = new TxStates(events);
    this.scheduler = scheduler;
    this.clock = clock;
    this.onInDoubtChange = onInDoubtChange;
    load();
  }

  /**
   * Starts asking about late decisions. Completes when every transaction found in the log at
   * construction is resolved (which needs the master for the undecided ones).
   */
  CompletableFuture<Void> recover() {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    synchronized (this) {
      prepared.values().forEach(e -> pending.add(e.resolved));
    }
    long period =
        Math.max(MIN_SWEEP_MILLIS, options.commitTimeout().toMillis() / SWEEPS_PER_COMMIT_TIMEOUT);
    sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 0, period, TimeUnit.MILLISECONDS);
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
  }

  /** Takes over what the log held before a restart, before any message can arrive. */
  private void load() {
    for (ParticipantLog.Prepared p : log.replayed()) {
      if (store.version(p.key()).counter() >= p.seq()) {
        log.committed(p.seq()); // its commit reached the store before the crash
        continue;
      }
      Entry entry = new Entry(p.seq(), p.key(), p.value(), 0);
      entry.durable.complete(null);
      prepared.put(entry.seq, entry);
      locks.merge(entry.key, entry, (a, b) -> a.seq > b.seq ? a : b);
      states.enter("PREPARED", p.key(), p.seq(), "found in the log after restart");
    }
    // The store's commits may be unforced writes that survived the process, not yet the disk.
    store.sync().join();
    log.compact(); // drop what the store shows resolved
  }

  CompletableFuture<Message> prepare(Prepare p) {
    Entry blocking;
    Entry entry = null;
    synchronized (this) {
      Entry same = prepared.get(p.seq());
      if (same != null) {
        return same.durable.thenApply(v -> vote(p, true, ""));
      }
      if (log.isRefused(p.seq())) {
        return CompletableFuture.completedFuture(
            vote(p, false, "refused: the restarted master asked and it was not prepared here"));
      }
      blocking = locks.get(p.key());
      if (blocking == null) {
        if (store.version(p.key()).counter() >= p.seq()) {
          return CompletableFuture.completedFuture(vote(p, true, "already applied"));
        }
        entry = new Entry(p.seq(), p.key(), p.value(), clock.millis());
        prepared.put(entry.seq, entry);
        locks.put(entry.key, entry);
      }
    }
    if (entry != null) {
      return logPrepared(p, entry);
    }
    if (blocking.seq > p.seq()) {
      return CompletableFuture.completedFuture(
          vote(p, false, "stale: transaction " + blocking.seq + " holds the key"));
    }
    // The master starts a transaction on a key only after deciding the previous one: its outcome is
    // on the way.
    Entry earlier = blocking;
    scheduler.schedule(
        () -> askIfUnresolved(earlier),
        Math.max(MIN_ASK_MILLIS, options.prepareTimeout().toMillis() / ASKS_PER_PREPARE_TIMEOUT),
        TimeUnit.MILLISECONDS);
    return Timeouts.within(earlier.resolved, options.prepareTimeout(), scheduler)
        .handle((v, e) -> e)
        .thenCompose(
            e ->
                e == null
                    ? prepare(p)
                    : CompletableFuture.completedFuture(
                        vote(p, false, "key locked by undecided transaction " + earlier.seq)));
  }

  /**
   * Applies every committed transaction of the message (their store writes share one fsync), then
   * acks.
   */
  CompletableFuture<Message> commit(Commit c) {
    List<CompletableFuture<Void>> applied = new ArrayList<>();
    for (TxRef tx : c.txs()) {
      Entry entry = get(tx.seq());
      if (entry != null) {
        applied.add(
            entry.durable.thenCompose(
                v -> apply(entry, entry.value, entry.seq, "commit from the master")));
      }
    }
    return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Ack(c.txs()));
  }

  /**
   * A restarted master asks about a staged transaction: yes when it is prepared here (once durable)
   * or applied; otherwise this slave durably refuses it first, so a prepare still on its way cannot
   * make it prepared after the master decided to abort.
   */
  CompletableFuture<Message> resolve(Resolve r) {
    Prepare asked = new Prepare(r.seq(), r.key(), "");
    CompletableFuture<Void> refusal;
    synchronized (this) {
      Entry entry = prepared.get(r.seq());
      if (entry != null) {
        return entry
            .durable
            .handle((v, e) -> e == null)
            .thenApply(ok -> vote(asked, ok, ok ? "prepared" : "could not log PREPARED"));
      }
      if (store.version(r.key()).counter() >= r.seq()) {
        return CompletableFuture.completedFuture(vote(asked, true, "applied"));
      }
      if (log.isRefused(r.seq())) {
        return CompletableFuture.completedFuture(vote(asked, false, "refused"));
      }
      refusal = log.refused(r.seq());
    }
    return refusal.thenApply(
        v -> vote(asked, false, "not prepared here: refused")); // failed: asked again
  }

  CompletableFuture<Message> abort(Abort a) {
    Entry entry = get(a.seq());
    if (entry != null) {
      resolve(entry, "ABORTED", "abort from the master");
    }
    return CompletableFuture.completedFuture(Ack.of(a.seq(), a.key()));
  }

  /** Completes when key is not locked by a prepared transaction, or fails after max. */
  CompletableFuture<Void> awaitUnlocked(String key, Duration max) {
    Entry entry;
    synchronized (this) {
      entry = locks.get(key);
    }
    if (entry == null) {
      return CompletableFuture.completedFuture(null);
    }
    // A reader is waiting: do not wait for the sweeper to ask how it ended (the answer may be
    // "pending").
    scheduler.schedule(() -> askIfUnresolved(entry), ASK_FOR_READER_MILLIS, TimeUnit.MILLISECONDS);
    return Timeouts.within(entry.resolved, max, scheduler);
  }

  /** The oldest prepared, unresolved transaction; Long.MAX_VALUE when none. */
  synchronized long oldestUnresolved() {
    return prepared.isEmpty() ? Long.MAX_VALUE : prepared.firstKey();
  }

  synchronized boolean inDoubt() {
    return prepared.values().stream().anyMatch(e -> e.inDoubt);
  }

  List<Inspectable.TxView> transactions() {
    return states.list();
  }

  void close() {
    if (sweeper != null) {
      sweeper.cancel(false);
    }
  }

  private CompletableFuture<Message> logPrepared(Prepare p, Entry entry) {
    return log.prepared(p.seq(), p.key(), p.value())
        .handle(
            (v, error) -> {
              if (error != null) {
                resolve(entry, "ABORTED", "could not log PREPARED: " + error.getMessage());
                entry.durable.completeExceptionally(error);
                return vote(p, false, "cannot write the log");
              }
              entry.durable.complete(null);
              states.enter("PREPARED", p.key(), p.seq(), "logged; key locked");
              return vote(p, true, "");
            });
  }

  /**
   * Unforced: the decision is durable on the master and the value in this slave's PREPARED record,
   * so this write needs no fsync of its own (see {@link #committedUnsynced}).
   */
  private CompletableFuture<Void> apply(Entry entry, String value, long counter, String why) {
    return store
        .putUnforced(entry.key, value, new Version(counter, CentralizedReplicas.MASTER))
        .thenRun(() -> resolve(entry, "COMMITTED", why));
  }

  /** Forgets the PREPARED records of commits once a store sync covers their writes. */
  private void forgetSyncedCommits() {
    List<Long> seqs = new ArrayList<>();
    for (Long seq = committedUnsynced.poll(); seq != null; seq = committedUnsynced.poll()) {
      seqs.add(seq);
    }
    if (!seqs.isEmpty()) {
      store.sync().thenRun(() -> seqs.forEach(log::committed));
    }
  }

  private void resolve(Entry entry, String state, String why) {
    boolean wasInDoubt;
    synchronized (this) {
      if (!prepared.remove(entry.seq, entry)) {
        return;
      }
      locks.remove(entry.key, entry);
      wasInDoubt = entry.inDoubt;
    }
    if (state.equals("COMMITTED")) {
      committedUnsynced.add(entry.seq);
    } else {
      log.aborted(entry.seq);
    }
    states.enter(state, entry.key, entry.seq, why);
    entry.resolved.complete(null);
    if (wasInDoubt) {
      onInDoubtChange.run();
    }
  }

  private void sweep() {
    forgetSyncedCommits();
    long due = clock.millis() - options.commitTimeout().toMillis();
    List<Entry> late = new ArrayList<>();
    synchronized (this) {
      for (Entry e : prepared.values()) {
        if (e.since <= due) {
          late.add(e);
        }
      }
    }
    late.forEach(this::askIfUnresolved);
  }

  /** The in-doubt question: asks the master how the transaction ended. */
  private void askIfUnresolved(Entry entry) {
    synchronized (this) {
      if (entry.asking || prepared.get(entry.seq) != entry) {
        return;
      }
      entry.asking = true;
    }
    transport
        .call(
            CentralizedReplicas.MASTER, new TxStatus(entry.seq, entry.key), options.commitTimeout())
        .whenComplete(
            (reply, error) -> {
              boolean changed;
              synchronized (this) {
                entry.asking = false;
                boolean doubt = !(reply instanceof Decision);
                changed = entry.inDoubt != doubt;
                entry.inDoubt = doubt;
              }
              if (reply instanceof Decision d) {
                switch (d.outcome()) {
                  case COMMITTED ->
                      apply(entry, d.value(), d.counter(), "the master says committed");
                  case ABORTED -> resolve(entry, "ABORTED", "the master says aborted");
                  case PENDING -> {}
                }
              } else if (changed) {
                states.enter(
                    "IN_DOUBT",
                    entry.key,
                    entry.seq,
                    "no decision and the master "
                        + Coordinator.describe(error)
                        + ": the key stays locked");
              }
              if (changed) {
                onInDoubtChange.run();
              }
            });
  }

  private synchronized Entry get(long seq) {
    return prepared.get(seq);
  }

  private static Vote vote(Prepare p, boolean yes, String reason) {
    return new Vote(p.seq(), p.key(), yes, reason);
  }
}
