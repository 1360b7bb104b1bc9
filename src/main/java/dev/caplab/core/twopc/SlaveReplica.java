package dev.caplab.core.twopc;

import dev.caplab.core.Inspectable;
import dev.caplab.core.KvException;
import dev.caplab.core.Replica;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Versioned;
import dev.caplab.core.twopc.TwoPcMessages.Abort;
import dev.caplab.core.twopc.TwoPcMessages.Ack;
import dev.caplab.core.twopc.TwoPcMessages.Commit;
import dev.caplab.core.twopc.TwoPcMessages.ForwardGet;
import dev.caplab.core.twopc.TwoPcMessages.ForwardPut;
import dev.caplab.core.twopc.TwoPcMessages.GetResult;
import dev.caplab.core.twopc.TwoPcMessages.Prepare;
import dev.caplab.core.twopc.TwoPcMessages.Probe;
import dev.caplab.core.twopc.TwoPcMessages.PutResult;
import dev.caplab.core.twopc.TwoPcMessages.Resolve;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A slave node. Called from gRPC threads; thread-safe.
 *
 * <p>Life: recovering (resolve what its log left in doubt) -> catching-up (join, fetch missed
 * commits) -> serving (lease held) -> excluded (the master refused a lease) -> catching-up ... It
 * serves a get from its own copy only while caught up and holding a valid lease; otherwise it
 * forwards the get to the master, as it forwards every put.
 *
 * <p>Each granted lease also says up to which sequence number the master has decided everything;
 * the slave then holds every commit up to there, except transactions still prepared here, so it
 * raises its synced mark and a later catch-up starts from it.
 */
final class SlaveReplica implements Replica, Inspectable {

  /**
   * A lease that runs out has no event of its own: the status is checked this often to report it.
   */
  private static final long STATUS_CHECK_MILLIS = 50;

  private static final long RETRY_MIN_MILLIS = 50;
  private static final long RETRY_MAX_MILLIS =
      500; // a master that starts after its slaves is joined within half a second

  /**
   * Tries at the shortest interval before the first join: the whole cluster usually starts at once
   * and the master serves a moment after its slaves try, so a back-off here only delayed the
   * cluster's start (by 0.2-0.5 s). Forty tries cover the master's first two seconds.
   */
  private static final int FIRST_JOIN_FAST_TRIES = 40;

  private final TwoPcOptions options;
  private final DurableStore store;
  private final ParticipantLog log;
  private final Transport transport;
  private final EventSink events;
  private final ScheduledExecutorService scheduler;
  private final Participant participant;
  private final CatchUpClient catchUp;
  private final SlaveLease lease;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private volatile boolean caughtUp;
  private volatile boolean closed;
  private volatile String phase = "recovering";
  private volatile long retryMillis = RETRY_MIN_MILLIS;
  private int fastTriesLeft =
      FIRST_JOIN_FAST_TRIES; // sync's tries run one at a time; 0 once joined
  private String reported = ""; // guarded by this
  private ScheduledFuture<?> statusTicker;

  SlaveReplica(
      TwoPcOptions options,
      DurableStore store,
      ParticipantLog log,
      Transport transport,
      EventSink events,
      ScheduledExecutorService scheduler,
      java.time.Clock clock) {
    this.options = options;
    this.store = store;
    this.log = log;
    this.transport = transport;
    this.events = events;
    this.scheduler = scheduler;
    this.participant =
        new Participant(options, store, log, transport, events, scheduler, clock, this::report);
    this.catchUp = new CatchUpClient(store, transport, events, forwardTimeout());
    this.lease =
        new SlaveLease(
            transport,
            clock,
            scheduler,
            options.leaseDuration(),
            new SlaveLease.Listener() {
              @Override
              public void granted(long epoch, long decidedUpTo) {
                if (caughtUp) {
                  catchUp.advance(Math.min(decidedUpTo, participant.oldestUnresolved() - 1));
                }
              }

              @Override
              public void refused(long epoch, String reason) {
                excluded(reason);
              }
            });
  }

  @Override
  public CompletableFuture<Void> start() {
    report();
    statusTicker =
        scheduler.scheduleWithFixedDelay(
            this::report, STATUS_CHECK_MILLIS, STATUS_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    participant.recover().thenRun(() -> sync("catching-up"));
    return started;
  }

  @Override
  public CompletableFuture<Void> put(String key, String value) {
    return transport
        .call(CentralizedReplicas.MASTER, new ForwardPut(key, value), forwardTimeout())
        .handle(
            (reply, error) -> {
              if (error != null) {
                throw masterFailed(error, "forwarding the put to the master at ", ": ");
              }
              PutResult result = (PutResult) reply;
              if (!result.ok()) {
                throw new KvException(
                    KvException.Reason.valueOf(result.reason()), result.message());
              }
              return null;
            });
  }

  /**
   * Answers from the local copy while caught up, leased and the key is not locked by a prepared
   * transaction; otherwise the master answers (forward-get), so a client never needs to know who
   * the master is. Either way the read is linearizable.
   */
  @Override
  public CompletableFuture<Optional<String>> get(String key) {
    String refusal = refusal();
    if (refusal != null) {
      return forwardGet(key, refusal);
    }
    return participant
        .awaitUnlocked(key, options.commitTimeout())
        .handle(
            (v, error) -> {
              String late =
                  error != null ? "'" + key + "' is locked by an undecided transaction" : refusal();
              return late == null
                  ? CompletableFuture.completedFuture(store.get(key).map(Versioned::value))
                  : forwardGet(key, late);
            })
        .thenCompose(read -> read);
  }

  private CompletableFuture<Optional<String>> forwardGet(String key, String whyNotLocal) {
    return transport
        .call(CentralizedReplicas.MASTER, new ForwardGet(key), forwardTimeout())
        .handle(
            (reply, error) -> {
              if (error != null) {
                throw masterFailed(
                    error, whyNotLocal + ", and the master at ", " could not answer for it: ");
              }
              GetResult result = (GetResult) reply;
              return result.found() ? Optional.of(result.value()) : Optional.<String>empty();
            });
  }

  /** A forwarded call the master did not answer: late (its deadline) or unreachable. */
  private KvException masterFailed(Throwable error, String before, String after) {
    Throwable cause = Coordinator.unwrap(error);
    boolean late = cause instanceof PeerException p && p.kind() == PeerException.Kind.TIMEOUT;
    return new KvException(
        late ? KvException.Reason.DEADLINE_EXCEEDED : KvException.Reason.UNAVAILABLE,
        before + options.masterAddress() + after + cause.getMessage());
  }

  @Override
  public CompletableFuture<Message> handle(String from, Message request) {
    if (request instanceof Prepare p) {
      return participant.prepare(p);
    } else if (request instanceof Commit c) {
      return participant.commit(c);
    } else if (request instanceof Abort a) {
      return participant.abort(a);
    } else if (request instanceof Resolve r) {
      return participant.resolve(r);
    } else if (request instanceof Probe) {
      return CompletableFuture.completedFuture(new Ack(List.of()));
    }
    return CompletableFuture.failedFuture(
        new KvException(
            KvException.Reason.FAILED_PRECONDITION,
            options.selfId() + " is a slave and does not handle " + request.type()));
  }

  @Override
  public List<TxView> transactions() {
    return participant.transactions();
  }

  @Override
  public String status() {
    if (closed) {
      return "stopped";
    }
    if (participant.inDoubt()) {
      return "in-doubt";
    }
    if (caughtUp) {
      return lease.valid() ? "serving" : "no-lease";
    }
    return phase;
  }

  @Override
  public void close() {
    closed = true;
    if (statusTicker != null) {
      statusTicker.cancel(false);
    }
    lease.stop();
    participant.close();
    log.close();
    started.completeExceptionally(new IllegalStateException(options.selfId() + " closed"));
  }

  Participant participant() {
    return participant;
  }

  /** Why a get cannot be served right now, or null when it can. */
  private String refusal() {
    if (caughtUp && lease.valid()) {
      return null;
    }
    return options.selfId()
        + (!caughtUp
            ? " is " + phase + " and may hold stale data"
            : " holds no read lease from the master (cut off or excluded)");
  }

  private void sync(String reason) {
    if (closed) {
      return;
    }
    phase = reason;
    report();
    catchUp
        .run()
        .thenCompose(lease::start)
        .whenComplete(
            (v, error) -> {
              if (closed) {
                return;
              }
              if (error != null) {
                long delay = retryMillis;
                if (fastTriesLeft-- <= 0) {
                  retryMillis = Math.min(RETRY_MAX_MILLIS, delay * 2);
                }
                scheduler.schedule(() -> sync(reason), delay, TimeUnit.MILLISECONDS);
                return;
              }
              retryMillis = RETRY_MIN_MILLIS;
              fastTriesLeft = 0;
              enter(
                  true,
                  "serving",
                  "caught up ("
                      + catchUp.lastFetched()
                      + " entries fetched, synced to "
                      + catchUp.synced()
                      + ") and holding a read lease");
              started.complete(null);
            });
  }

  private void excluded(String reason) {
    if (!caughtUp) {
      return; // refused during sync: sync retries by itself
    }
    lease.stop();
    enter(false, "excluded", reason);
    scheduler.execute(() -> sync("excluded"));
  }

  /**
   * Emits NODE_STATUS when the status changed (some changes, like a lease running out, have no
   * event of their own).
   */
  private void report() {
    String now;
    synchronized (this) {
      now = status();
      if (now.equals(reported)) {
        return;
      }
      reported = now;
    }
    events.emit(
        ProtocolEvent.nodeStatus(
            now,
            switch (now) {
              case "in-doubt" ->
                  "prepared transactions wait for the master's decision; their keys stay locked";
              case "no-lease" -> "the read lease ran out: the master is unreachable or slow";
              case "recovering" -> "resolving transactions left in the log";
              default -> "";
            }));
  }

  /**
   * Changes phase and announces it with its reason in one step: were the status ticker to see the
   * new status first, it would announce it without the reason, and the real announcement would be
   * dropped as a repeat (observers then never learn that the slave caught up, or why it was
   * excluded).
   */
  private void enter(boolean nowCaughtUp, String newPhase, String detail) {
    synchronized (this) {
      caughtUp = nowCaughtUp;
      phase = newPhase;
      reported = newPhase;
    }
    events.emit(ProtocolEvent.nodeStatus(newPhase, detail));
  }

  private Duration forwardTimeout() {
    return options
        .prepareTimeout()
        .plus(options.leaseDuration())
        .plus(options.commitTimeout())
        .plusSeconds(1);
  }
}
