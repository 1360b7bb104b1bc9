package dev.caplab.core.twopc;

import dev.caplab.core.Replica;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the replica of one node of a centralized (two-phase commit) cluster. Stateless;
 * thread-safe.
 */
public final class CentralizedReplicas {

  /** The master's node id; also the node id of every version it assigns ("42@master"). */
  public static final String MASTER = "master";

  private CentralizedReplicas() {}

  /**
   * Opens the node's transaction log under dataDir and builds its replica; the node then calls
   * {@link Replica#start()}. The store must be open on dataDir's store; the replica does not close
   * it.
   */
  public static Replica create(
      TwoPcOptions options,
      Path dataDir,
      DurableStore store,
      Transport transport,
      EventSink events,
      ScheduledExecutorService scheduler,
      Clock clock,
      CrashSeam crashes)
      throws IOException {
    Files.createDirectories(dataDir);
    if (!options.isMaster()) {
      return new SlaveReplica(
          options, store, ParticipantLog.open(dataDir), transport, events, scheduler, clock);
    }
    CoordinatorLog log = CoordinatorLog.open(dataDir);
    TxRegistry registry = new TxRegistry(store);
    Membership membership =
        new Membership(
            store, options.slaveIds(), clock, options.leaseDuration().toMillis(), events);
    Coordinator coordinator =
        new Coordinator(
            options,
            store,
            log,
            registry,
            membership,
            transport,
            events,
            scheduler,
            clock,
            crashes);
    CatchUpSource catchUp =
        new CatchUpSource(store, registry, membership, transport, options.prepareTimeout());
    return new MasterReplica(store, log, coordinator, catchUp, events);
  }
}
