package dev.caplab.core.quorum;

import dev.caplab.core.KvException;
import dev.caplab.core.Replica;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node of the decentralized mode: it coordinates the puts and gets its clients send it
 * (weighted quorums, ABD register per key), votes in the quorums of the other nodes, and keeps its
 * store up to date in the background (anti-entropy). Called from gRPC threads; thread-safe, no
 * global lock: requests for different keys proceed in parallel and share the store's fsyncs.
 */
public final class QuorumReplica implements Replica {

  private static final long WARM_UP_RETRY_MILLIS = 1000;

  private final String self;
  private final DurableStore store;
  private final EventSink events;
  private final ScheduledExecutorService scheduler;
  private final QuorumSettings settings;
  private final Voter voter;
  private final WriteCoordinator writes;
  private final ReadCoordinator reads;
  private final AntiEntropy antiEntropy;
  private final StableMarks marks = new StableMarks();
  private volatile boolean started;
  private volatile boolean closed;
  private volatile boolean metEveryPeer;
  private volatile ScheduledFuture<?> periodic;

  public QuorumReplica(
      QuorumOptions options,
      DurableStore store,
      Transport transport,
      EventSink events,
      ScheduledExecutorService scheduler,
      Clock clock,
      QuorumSettings settings) {
    String selfId = options.selfId();
    this.self = selfId;
    this.store = store;
    this.events = events;
    this.scheduler = scheduler;
    this.settings = settings;
    Weights weights = new Weights(options);
    List<String> peers = options.peers();
    Fanout fanout = new Fanout(selfId, transport, scheduler);
    Confirmations confirmations =
        new Confirmations(
            peers, transport, marks, scheduler, settings.confirmDelay(), options.requestTimeout());
    this.voter = new Voter(weights.of(selfId), store, marks);
    RequestTimeout timeout = new RequestTimeout(clock, options.requestTimeout(), settings);
    this.writes =
        new WriteCoordinator(
            weights,
            voter,
            fanout,
            new VersionIssuer(selfId, store),
            confirmations,
            events,
            clock,
            timeout);
    this.reads =
        new ReadCoordinator(
            selfId, weights, voter, fanout, marks, confirmations, events, clock, timeout);
    this.antiEntropy =
        new AntiEntropy(
            peers,
            store,
            transport,
            new SnapshotCache(store, clock),
            events,
            settings,
            options.maxValueBytes());
  }

  /** Serves at once: quorum reads are correct even while this node's own copy is behind. */
  @Override
  public CompletableFuture<Void> start() {
    started = true;
    events.emit(
        ProtocolEvent.nodeStatus(
            "serving",
            store.size()
                + " keys on disk; reads and writes go through"
                + " quorums while anti-entropy catches up in the background"));
    scheduleAntiEntropy(0);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> put(String key, String value) {
    if (closed) {
      return stopped();
    }
    return writes.put(key, value);
  }

  @Override
  public CompletableFuture<Optional<String>> get(String key) {
    if (closed) {
      return stopped();
    }
    return reads.get(key);
  }

  @Override
  public CompletableFuture<Message> handle(String from, Message request) {
    if (request instanceof VoteRequest vote) {
      return CompletableFuture.completedFuture(voter.vote(vote));
    }
    if (request instanceof Write write) {
      return voter.store(write.key(), write.entry()).thenApply(ack -> ack);
    }
    if (request instanceof ReadRepair repair) {
      return voter.store(repair.key(), repair.entry()).thenApply(ack -> ack);
    }
    if (request instanceof Confirm confirm) {
      return CompletableFuture.completedFuture(voter.confirm(confirm));
    }
    if (request instanceof Digest digest) {
      try {
        return CompletableFuture.completedFuture(antiEntropy.answer(digest));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.failedFuture(
        new KvException(
            KvException.Reason.FAILED_PRECONDITION,
            self
                + " runs the quorum protocol and does not take "
                + request.type()
                + " (from "
                + from
                + ")"));
  }

  /**
   * Runs an anti-entropy pass now (unless one is running); completes with the number of values
   * pulled.
   */
  public CompletableFuture<Integer> antiEntropyPass() {
    return antiEntropy.trigger();
  }

  /** The newest version of key this node knows to be on a write quorum. */
  Version knownStable(String key) {
    return marks.of(key);
  }

  @Override
  public String status() {
    if (closed) {
      return "stopped";
    }
    if (!started) {
      return "recovering";
    }
    return antiEntropy.pulling() ? "anti-entropy" : "serving";
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> task = periodic;
    if (task != null) {
      task.cancel(false);
    }
  }

  /**
   * Until every peer has answered once, passes repeat every second: at a cluster's start that opens
   * the connections before clients need them, and a restarted node catches up as soon as its peers
   * are back.
   */
  private void scheduleAntiEntropy(long delayMillis) {
    if (closed) {
      return;
    }
    periodic =
        scheduler.schedule(
            () ->
                antiEntropy
                    .trigger()
                    .whenComplete(
                        (pulled, error) -> {
                          metEveryPeer |= antiEntropy.everyPeerAnswered();
                          long interval = settings.antiEntropyInterval().toMillis();
                          scheduleAntiEntropy(
                              metEveryPeer ? interval : Math.min(interval, WARM_UP_RETRY_MILLIS));
                        }),
            delayMillis,
            TimeUnit.MILLISECONDS);
  }

  private <T> CompletableFuture<T> stopped() {
    return CompletableFuture.failedFuture(
        new KvException(KvException.Reason.UNAVAILABLE, self + " is stopping"));
  }
}
