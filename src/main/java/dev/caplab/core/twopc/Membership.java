package dev.caplab.core.twopc;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.EventType;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.twopc.TwoPcMessages.LeaseReply;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The master's view of its replica group: which slaves take part in transactions, under which
 * epoch, and until when each may serve reads (its lease). Thread-safe (one monitor, held briefly).
 *
 * <p>A slave is OUT (excluded or never joined), JOINING (receives prepares, catching up, no lease)
 * or MEMBER (may hold a lease). Every change is written to store metadata, and an exclusion is
 * durable before any transaction commits without the slave: a restarted master must not lease to a
 * slave it dropped.
 */
final class Membership {

  static final String META = "twopc.group";

  enum State {
    OUT,
    JOINING,
    MEMBER
  }

  record Slave(State state, long epoch, long joinSeq) {}

  private final DurableStore store;
  private final Clock clock;
  private final long leaseMillis;
  private final EventSink events;
  private final Map<String, Slave> slaves = new LinkedHashMap<>();
  private final Map<String, Long> leaseExpiry = new HashMap<>();
  private long lastEpoch;
  private CompletableFuture<Void> lastPersist = CompletableFuture.completedFuture(null);

  Membership(
      DurableStore store, List<String> slaveIds, Clock clock, long leaseMillis, EventSink events) {
    this.store = store;
    this.clock = clock;
    this.leaseMillis = leaseMillis;
    this.events = events;
    for (String id : slaveIds) {
      slaves.put(id, new Slave(State.OUT, 0, 0));
    }
    Optional<String> saved = store.getMeta(META);
    saved.ifPresent(this::load);
    // The previous process may have just granted any slave a lease, and excluded it since while it
    // waited
    // for that lease to run out: every slave counts as leased for one term, not only today's
    // members.
    // A master that never saved a group never made a member, so never granted a lease.
    if (saved.isPresent()) {
      long now = clock.millis();
      slaves.keySet().forEach(id -> leaseExpiry.put(id, now + leaseMillis));
    }
  }

  /** The slaves a new transaction must prepare: all of them when strict, else those not OUT. */
  synchronized List<String> participants(boolean strict) {
    List<String> result = new ArrayList<>();
    slaves.forEach(
        (id, slave) -> {
          if (strict || slave.state != State.OUT) {
            result.add(id);
          }
        });
    return result;
  }

  /**
   * The slave takes part in every transaction after joinSeq; it must catch up to joinSeq under the
   * new epoch.
   */
  synchronized long join(String id, long joinSeq) {
    requireKnown(id);
    long epoch = ++lastEpoch;
    slaves.put(id, new Slave(State.JOINING, epoch, joinSeq));
    persist();
    emit(id, "JOINING", "epoch " + epoch + ", catches up to " + joinSeq);
    return epoch;
  }

  /**
   * The slave's membership under this epoch, or null when it has been excluded or rejoined since.
   */
  synchronized Slave current(String id, long epoch) {
    Slave slave = slaves.get(id);
    return slave != null && slave.state != State.OUT && slave.epoch == epoch ? slave : null;
  }

  /**
   * The slave caught up: it may hold leases. Completes with false when the epoch is no longer
   * current.
   */
  synchronized CompletableFuture<Boolean> promote(String id, long epoch) {
    Slave slave = current(id, epoch);
    if (slave == null) {
      return CompletableFuture.completedFuture(false);
    }
    if (slave.state == State.JOINING) {
      slaves.put(id, new Slave(State.MEMBER, epoch, slave.joinSeq));
      persist();
      emit(id, "MEMBER", "caught up; epoch " + epoch);
    }
    return lastPersist.thenApply(v -> true);
  }

  /** Drops the slave from the group; completes when that is durable. */
  synchronized CompletableFuture<Void> exclude(String id, String reason) {
    Slave slave = slaves.get(id);
    if (slave != null && slave.state != State.OUT) {
      slaves.put(id, new Slave(State.OUT, slave.epoch, slave.joinSeq));
      persist();
      emit(id, "EXCLUDED", reason);
    }
    return lastPersist;
  }

  /**
   * Grants a lease to a current member; the expiry is counted from now, after the slave counted
   * from its send.
   */
  synchronized LeaseReply grant(String id, long epoch, long decidedUpTo) {
    Slave slave = current(id, epoch);
    if (slave == null || slave.state != State.MEMBER) {
      Slave known = slaves.get(id);
      String why =
          known == null
              ? "unknown slave " + id
              : known.state == State.OUT
                  ? "excluded from the replica group"
                  : "not caught up under epoch " + epoch;
      return new LeaseReply(false, 0, 0, why);
    }
    leaseExpiry.merge(id, clock.millis() + leaseMillis, Math::max);
    return new LeaseReply(true, leaseMillis, decidedUpTo, "");
  }

  /**
   * When the last lease of a slave outside {@code voters} runs out (master clock); 0 when none is
   * running.
   */
  synchronized long leasesExpireAt(Collection<String> voters) {
    long latest = 0;
    for (Map.Entry<String, Long> lease : leaseExpiry.entrySet()) {
      if (!voters.contains(lease.getKey())) {
        latest = Math.max(latest, lease.getValue());
      }
    }
    return latest;
  }

  private void requireKnown(String id) {
    if (!slaves.containsKey(id)) {
      throw new IllegalArgumentException(
          "unknown slave " + id + "; the config lists " + slaves.keySet());
    }
  }

  /** Appended under the monitor, so the log holds the changes in the order they were made. */
  private void persist() {
    StringBuilder text = new StringBuilder("epoch=").append(lastEpoch);
    slaves.forEach(
        (id, slave) ->
            text.append(';')
                .append(id)
                .append('=')
                .append(slave.state)
                .append(':')
                .append(slave.epoch)
                .append(':')
                .append(slave.joinSeq));
    lastPersist = store.putMeta(META, text.toString());
  }

  private void load(String text) {
    for (String part : text.split(";")) {
      String[] kv = part.split("=", 2);
      if (kv[0].equals("epoch")) {
        lastEpoch = Long.parseLong(kv[1]);
      } else if (slaves.containsKey(kv[0])) {
        String[] fields = kv[1].split(":");
        State state = State.valueOf(fields[0]);
        // A half-done join is not trusted across a restart: the slave joins again.
        slaves.put(
            kv[0],
            new Slave(
                state == State.JOINING ? State.OUT : state,
                Long.parseLong(fields[1]),
                Long.parseLong(fields[2])));
      }
    }
  }

  private void emit(String slave, String state, String detail) {
    events.emit(new ProtocolEvent(EventType.STATE, state, slave, "", "", "", 0, 0, 0, detail, 0));
  }
}
