package dev.caplab.server;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.core.Replica;
import dev.caplab.core.quorum.QuorumOptions;
import dev.caplab.core.quorum.QuorumReplica;
import dev.caplab.core.quorum.QuorumSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decentralized mode: every node coordinates its clients' requests over weighted quorums. */
final class DecentralizedProtocol implements Protocol {

  private static final MessageCodec CODEC = new QuorumCodec();

  // Measured: right after `ready`, 16 concurrent puts on three fresh JVMs failed with "did not
  // answer in
  // time" under the 500 ms default; a few seconds of running made them fast.
  static final Duration COLD_START = Duration.ofSeconds(5);
  static final Duration COLD_TIMEOUT = Duration.ofSeconds(3);

  @Override
  public MessageCodec codec() {
    return CODEC;
  }

  @Override
  public Replica create(NodeContext context) {
    return new QuorumReplica(
        options(context.config(), context.self().id()),
        context.store(),
        context.transport(),
        context.events(),
        context.scheduler(),
        context.clock(),
        QuorumSettings.defaults().withColdStart(COLD_START, COLD_TIMEOUT));
  }

  static QuorumOptions options(ClusterConfig config, String selfId) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (NodeConfig node : config.nodes()) {
      weights.put(node.id(), node.weight());
    }
    return new QuorumOptions(
        selfId,
        weights,
        config.readQuorum(),
        config.writeQuorum(),
        config.requestTimeout(),
        config.maxValueBytes(),
        String.valueOf(config.source()));
  }
}
