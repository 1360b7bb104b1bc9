package dev.caplab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Which node plays a role: the master or the heaviest node; the first slave or the first of the
 * lightest.
 */
class NodeRoleTest {

  private static ClusterConfig config(String yaml) throws Exception {
    return ConfigLoader.parse(Path.of("roles.yaml"), yaml);
  }

  @Test
  void centralizedRolesAreTheMasterAndTheFirstSlave() throws Exception {
    ClusterConfig c = ConfigLoader.load(Path.of("configs/centralized.yaml"));
    assertThat(NodeRole.COORDINATOR.nodeIn(c)).isEqualTo("master");
    assertThat(NodeRole.REPLICA.nodeIn(c)).isEqualTo("slave_1");
  }

  @Test
  void decentralizedRolesGoByVotesThenByOrder() throws Exception {
    ClusterConfig bundled = ConfigLoader.load(Path.of("configs/decentralized.yaml"));
    assertThat(NodeRole.COORDINATOR.nodeIn(bundled)).isEqualTo("node_1");
    assertThat(NodeRole.REPLICA.nodeIn(bundled)).isEqualTo("node_0");
    ClusterConfig equal =
        config(
            """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 1, weight: 1}
          - {id: b, ip: 127.0.0.1, port: 2, weight: 1}
          - {id: c, ip: 127.0.0.1, port: 3, weight: 1}
        """);
    assertThat(NodeRole.COORDINATOR.nodeIn(equal)).isEqualTo("a");
    assertThat(NodeRole.REPLICA.nodeIn(equal)).isEqualTo("b");
    assertThat(NodeRole.fromYaml(" Replica")).contains(NodeRole.REPLICA);
    assertThat(NodeRole.fromYaml("leader")).isEmpty();
  }
}
