package dev.caplab.server;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Message;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The fault rules of one node, consulted for every message it sends to a peer (requests and
 * replies). Thread-safe: admin calls and transport threads use it concurrently; nothing blocks.
 *
 * <p>Order: a drop rule loses the message; otherwise hold mode parks it until released (requests
 * only: the answer to a released request follows on its own, and the time held does not count
 * against the request's timeout, so a lesson may pause as long as it likes); then the peer's delay
 * (+ jitter) applies. Parking and unparking are reported as HELD and RELEASED events; the transport
 * reports the SENT itself when the message actually leaves.
 */
public final class FaultRules implements OutboundFilter {

  /** Fault rule for the messages to one peer. */
  public record Rule(String peer, int delayMillis, int jitterMillis, boolean drop) {
    public Rule {
      if (delayMillis < 0 || jitterMillis < 0) {
        throw new IllegalArgumentException(
            "delay and jitter must not be negative: " + delayMillis + ", " + jitterMillis);
      }
    }
  }

  /** A message waiting in hold mode. */
  public record Held(long id, String peer, Message message, long heldSinceMillis) {}

  private record Parked(Held held, long sinceNanos, CompletableFuture<Verdict> outcome) {}

  private final EventSink events;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Map<String, Rule> rules = new ConcurrentHashMap<>();
  private final Map<Long, Parked> parked = new LinkedHashMap<>(); // guarded by this
  private boolean hold; // guarded by this
  private Set<String> passTypes = Set.of(); // guarded by this
  private long nextId = 1; // guarded by this

  public FaultRules(EventSink events, ScheduledExecutorService scheduler, Clock clock) {
    this.events = events;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Boolean> admit(String peer, Message message) {
    return admitRequest(peer, message).thenApply(Verdict::deliver);
  }

  @Override
  public CompletableFuture<Verdict> admitRequest(String peer, Message request) {
    Rule rule = rules.get(peer);
    if (rule != null && rule.drop()) {
      return CompletableFuture.completedFuture(new Verdict(false, 0));
    }
    return park(peer, request)
        .thenCompose(
            held ->
                held.deliver()
                    ? delay(rule).thenApply(ignored -> held)
                    : CompletableFuture.completedFuture(held));
  }

  /**
   * Replies are dropped or delayed but never held: the answer to a released request follows on its
   * own.
   */
  @Override
  public CompletableFuture<Boolean> admitReply(String peer, Message reply) {
    Rule rule = rules.get(peer);
    if (rule != null && rule.drop()) {
      return CompletableFuture.completedFuture(false);
    }
    return delay(rule).thenApply(ignored -> true);
  }

  /**
   * Completes when the message may go on (at once unless in hold mode), with the time it was held.
   */
  private CompletableFuture<Verdict> park(String peer, Message message) {
    Held held;
    CompletableFuture<Verdict> outcome;
    synchronized (this) {
      if (!hold || passTypes.contains(message.type())) {
        return CompletableFuture.completedFuture(new Verdict(true, 0));
      }
      held = new Held(nextId++, peer, message, clock.millis());
      outcome = new CompletableFuture<>();
      parked.put(held.id(), new Parked(held, System.nanoTime(), outcome));
    }
    events.emit(event(EventType.HELD, held, "id=" + held.id()));
    return outcome;
  }

  private CompletableFuture<Void> delay(Rule rule) {
    if (rule == null || (rule.delayMillis() == 0 && rule.jitterMillis() == 0)) {
      return CompletableFuture.completedFuture(null);
    }
    long millis =
        rule.delayMillis()
            + (rule.jitterMillis() == 0
                ? 0
                : ThreadLocalRandom.current().nextLong(rule.jitterMillis() + 1L));
    CompletableFuture<Void> later = new CompletableFuture<>();
    scheduler.schedule(() -> later.complete(null), millis, TimeUnit.MILLISECONDS);
    return later;
  }

  // Commands of the admin service

  public void setRule(Rule rule) {
    rules.put(rule.peer(), rule);
  }

  /** Removes the rule for peer, or all rules when peer is empty. */
  public void clearRule(String peer) {
    if (peer.isEmpty()) {
      rules.clear();
    } else {
      rules.remove(peer);
    }
  }

  /** Rules in force, by peer. */
  public List<Rule> rules() {
    return List.copyOf(new TreeMap<>(rules).values());
  }

  /** Turning hold mode off releases every held message, so nothing stays stuck. */
  public void setHold(boolean on) {
    setHold(on, Set.of());
  }

  /**
   * As {@link #setHold(boolean)}; messages of the pass types go on without waiting, so housekeeping
   * (read leases, probes, anti-entropy) keeps the cluster healthy while a lesson steps through one
   * request.
   */
  public void setHold(boolean on, Set<String> passTypes) {
    synchronized (this) {
      hold = on;
      this.passTypes = Set.copyOf(passTypes);
    }
    if (!on) {
      release(0);
    }
  }

  public synchronized boolean hold() {
    return hold;
  }

  /** Message types hold mode lets through. */
  public synchronized Set<String> passTypes() {
    return passTypes;
  }

  /** Held messages, oldest first. */
  public synchronized List<Held> held() {
    return parked.values().stream().map(Parked::held).toList();
  }

  public Optional<Held> held(long id) {
    synchronized (this) {
      return Optional.ofNullable(parked.get(id)).map(Parked::held);
    }
  }

  /** Sends the held message id, or all when id is 0; returns how many left the queue. */
  public int release(long id) {
    return unpark(id, true);
  }

  /** Loses the held message id, or all when id is 0; the sender's timeout answers. */
  public int drop(long id) {
    return unpark(id, false);
  }

  private int unpark(long id, boolean deliver) {
    List<Parked> taken = new ArrayList<>();
    synchronized (this) {
      if (id == 0) {
        taken.addAll(parked.values());
        parked.clear();
      } else {
        Parked one = parked.remove(id);
        if (one != null) {
          taken.add(one);
        }
      }
    }
    // Outside the lock: completing the future runs the transport's send on this thread.
    for (Parked p : taken) {
      events.emit(
          event(
              EventType.RELEASED,
              p.held(),
              (deliver ? "released" : "dropped") + " id=" + p.held().id()));
      p.outcome().complete(new Verdict(deliver, System.nanoTime() - p.sinceNanos()));
    }
    return taken.size();
  }

  private static ProtocolEvent event(EventType type, Held held, String detail) {
    Message m = held.message();
    return new ProtocolEvent(
        type, m.type(), held.peer(), m.key(), m.txId(), m.version(), 0, 0, 0, detail, 0);
  }
}
