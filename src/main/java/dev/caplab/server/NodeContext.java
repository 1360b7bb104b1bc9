package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.twopc.CrashSwitch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything a protocol needs to build its replica on one node; crashSwitch is armed only by admin
 * calls.
 */
public record NodeContext(
    ClusterConfig config,
    NodeConfig self,
    Path dataDir,
    DurableStore store,
    Transport transport,
    EventSink events,
    ScheduledExecutorService scheduler,
    Clock clock,
    CrashSwitch crashSwitch) {}
