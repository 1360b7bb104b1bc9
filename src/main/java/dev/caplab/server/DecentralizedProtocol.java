package dev.caplab.server;

import dev.caplab.core.Replica;
import dev.caplab.core.quorum.QuorumReplica;
import dev.caplab.core.quorum.QuorumSettings;

/** Decentralized mode: every node coordinates its clients' requests over weighted quorums. */
final class DecentralizedProtocol implements Protocol {

  private static final MessageCodec CODEC = new QuorumCodec();

  @Override
  public MessageCodec codec() {
    return CODEC;
  }

  @Override
  public Replica create(NodeContext context) {
    return new QuorumReplica(context.config(), context.self().id(), context.store(), context.transport(),
        context.events(), context.scheduler(), context.clock(), QuorumSettings.defaults());
  }
}
