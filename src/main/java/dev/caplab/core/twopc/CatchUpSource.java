package dev.caplab.core.twopc;

import dev.caplab.core.KvException;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Versioned;
import dev.caplab.core.twopc.TwoPcMessages.CatchUp;
import dev.caplab.core.twopc.TwoPcMessages.CatchUpPage;
import dev.caplab.core.twopc.TwoPcMessages.Entry;
import dev.caplab.core.twopc.TwoPcMessages.Join;
import dev.caplab.core.twopc.TwoPcMessages.Joined;
import dev.caplab.core.twopc.TwoPcMessages.LeaseReply;
import dev.caplab.core.twopc.TwoPcMessages.LeaseRequest;
import dev.caplab.core.twopc.TwoPcMessages.Probe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The master's answers to slaves that (re)join: join, catch-up pages and leases. Thread-safe.
 *
 * <p>Join fixes a point J in the commit sequence: transactions after J include the slave, those up
 * to J reach it through catch-up. Catch-up waits until every transaction up to J is decided, then
 * streams the store's entries newer than what the slave holds, in version order and in pages; the
 * master's store keeps one version per key, so a slave far behind receives what amounts to a
 * snapshot.
 */
final class CatchUpSource {

  static final int PAGE_BYTES = 256 * 1024;

  private final DurableStore store;
  private final TxRegistry registry;
  private final Membership membership;
  private final Transport transport;
  private final Duration probeTimeout;

  CatchUpSource(
      DurableStore store,
      TxRegistry registry,
      Membership membership,
      Transport transport,
      Duration probeTimeout) {
    this.store = store;
    this.registry = registry;
    this.membership = membership;
    this.transport = transport;
    this.probeTimeout = probeTimeout;
  }

  /**
   * Admits a slave that answers a probe within the prepare timeout: a slowed one would only be
   * excluded again.
   */
  CompletableFuture<Joined> join(String slave, Join request) {
    return transport
        .call(slave, new Probe(), probeTimeout)
        .handle(
            (reply, error) -> {
              if (error != null) {
                throw new KvException(
                    KvException.Reason.UNAVAILABLE,
                    slave + " " + Coordinator.describe(error) + " to a probe: not admitted");
              }
              // Under the registry's monitor: no transaction begins between fixing J and adding the
              // slave.
              return registry.atLastAllocated(
                  joinSeq -> new Joined(membership.join(slave, joinSeq), joinSeq));
            });
  }

  CompletableFuture<CatchUpPage> page(String slave, CatchUp request) {
    Membership.Slave member = membership.current(slave, request.epoch());
    if (member == null) {
      return CompletableFuture.failedFuture(
          new KvException(
              KvException.Reason.FAILED_PRECONDITION,
              slave + " is not joining under epoch " + request.epoch() + ": join again"));
    }
    return registry
        .whenDecidedUpTo(member.joinSeq())
        .thenCompose(
            v -> {
              List<Map.Entry<String, Versioned>> newer = store.entriesNewerThan(request.afterSeq());
              List<Entry> page = new ArrayList<>();
              long bytes = 0;
              for (Map.Entry<String, Versioned> e : newer) {
                long size =
                    e.getKey().length()
                        + e.getValue().value().getBytes(StandardCharsets.UTF_8).length
                        + 16L;
                if (!page.isEmpty() && bytes + size > PAGE_BYTES) {
                  break;
                }
                page.add(
                    new Entry(e.getKey(), e.getValue().value(), e.getValue().version().counter()));
                bytes += size;
              }
              if (page.size() < newer.size()) {
                return CompletableFuture.completedFuture(
                    new CatchUpPage(request.epoch(), page, false));
              }
              return membership
                  .promote(slave, request.epoch())
                  .thenApply(
                      promoted -> {
                        if (!promoted) {
                          throw new KvException(
                              KvException.Reason.FAILED_PRECONDITION,
                              slave + " was excluded while catching up");
                        }
                        return new CatchUpPage(request.epoch(), page, true);
                      });
            });
  }

  LeaseReply lease(String slave, LeaseRequest request) {
    long decided =
        registry.decidedUpTo(); // read before the grant: see the class comment of SlaveReplica
    return membership.grant(slave, request.epoch(), decided);
  }
}
