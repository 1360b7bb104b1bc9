package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.CommitProtocol;
import dev.caplab.config.NodeConfig;
import dev.caplab.config.Role;
import dev.caplab.config.SlaveFailurePolicy;
import dev.caplab.core.Replica;
import dev.caplab.core.twopc.CentralizedReplicas;
import dev.caplab.core.twopc.TwoPcOptions;
import java.io.IOException;

/** Centralized mode: the master coordinates its slaves with two-phase commit (core.twopc). */
final class CentralizedProtocol implements Protocol {

  private static final MessageCodec CODEC = new TwoPcCodec();

  @Override
  public MessageCodec codec() {
    return CODEC;
  }

  @Override
  public Replica create(NodeContext context) throws IOException {
    return CentralizedReplicas.create(
        options(context.config(), context.self()),
        context.dataDir(),
        context.store(),
        context.transport(),
        context.events(),
        context.scheduler(),
        context.clock(),
        context.crashSwitch());
  }

  static TwoPcOptions options(ClusterConfig config, NodeConfig self) {
    return new TwoPcOptions(
        self.id(),
        config.nodes().stream().filter(n -> n.role() == Role.SLAVE).map(NodeConfig::id).toList(),
        config.master().address(),
        config.onSlaveFailure() == SlaveFailurePolicy.STRICT,
        config.prepareTimeout(),
        config.commitTimeout(),
        config.lease(),
        config.commitProtocol() == CommitProtocol.PARALLEL);
  }
}
