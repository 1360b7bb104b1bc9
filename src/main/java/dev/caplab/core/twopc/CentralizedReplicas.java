package dev.caplab.core.twopc;

import dev.caplab.core.Replica;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;

/** Builds the replica of one node of a centralized (two-phase commit) cluster. Stateless; thread-safe. */
public final class CentralizedReplicas {

  /** The master's node id; also the node id of every version it assigns ("42@master"). */
  public static final String MASTER = "master";

  /** System property (or environment variable CAPLAB_TWOPC_CRASH) naming a crash point, e.g. after-commit. */
  public static final String CRASH_PROPERTY = "caplab.twopc.crash";

  /** Test-only: a file of this name in a node's data directory names a crash point, e.g. after-prepare. */
  public static final String CRASH_FILE = "crash-at";

  private CentralizedReplicas() {
  }

  /**
   * Opens the node's transaction log under dataDir and builds its replica; the node then calls
   * {@link Replica#start()}. The store must be open on dataDir's store; the replica does not close it.
   */
  public static Replica create(TwoPcOptions options, Path dataDir, DurableStore store, Transport transport,
      EventSink events, ScheduledExecutorService scheduler, Clock clock, FaultHook faults) throws IOException {
    Files.createDirectories(dataDir);
    if (!options.isMaster()) {
      return new SlaveReplica(options, store, ParticipantLog.open(dataDir), transport, events, scheduler, clock);
    }
    CoordinatorLog log = CoordinatorLog.open(dataDir);
    TxRegistry registry = new TxRegistry(store);
    Membership membership = new Membership(store, options.slaveIds(), clock, options.leaseDuration().toMillis(), events);
    Coordinator coordinator = new Coordinator(options, store, log, registry, membership, transport, events,
        scheduler, clock, faults);
    CatchUpSource catchUp = new CatchUpSource(store, registry, membership, transport, options.prepareTimeout());
    return new MasterReplica(store, log, coordinator, catchUp, events);
  }

  /**
   * The crash hook a node process uses: halts the JVM (like SIGKILL: no shutdown hooks) at a named point.
   * The point comes from {@link #CRASH_PROPERTY}, the environment, or a file {@value #CRASH_FILE} in the
   * node's data directory (which tests can write before starting a supervised node). It fires once per data
   * directory: a marker file keeps the restarted node from crashing again.
   */
  public static FaultHook crashHookFromEnvironment(Path dataDir) throws IOException {
    String named = System.getProperty(CRASH_PROPERTY, System.getenv("CAPLAB_TWOPC_CRASH"));
    Path file = dataDir.resolve(CRASH_FILE);
    if ((named == null || named.isBlank()) && Files.exists(file)) {
      named = Files.readString(file);
    }
    if (named == null || named.isBlank()) {
      return FaultHook.NONE;
    }
    String name = named.trim();
    FaultHook.Point target = FaultHook.Point.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    Path marker = dataDir.resolve("crashed-" + name);
    if (Files.exists(marker)) {
      return FaultHook.NONE;
    }
    return point -> {
      if (point != target) {
        return;
      }
      try {
        Files.createFile(marker);
      } catch (IOException e) {
        return; // cannot remember the crash, so do not crash (a restart would crash again)
      }
      System.err.println("caplab: crashing at " + point + " as asked (" + name + ")");
      Runtime.getRuntime().halt(137);
    };
  }
}
