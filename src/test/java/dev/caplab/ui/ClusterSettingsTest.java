package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.CommitProtocol;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import dev.caplab.config.SlaveFailurePolicy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

  private static final Path FILE = Path.of("lab-decentralized.yaml");

  @Test
  void settingsOfALoadedConfigWriteTheSameCluster() throws Exception {
    ClusterConfig bundled =
        ConfigLoader.parse(
            Path.of("d.yaml"),
            """
        read_quorum: 2
        write_quorum: 3
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 27300, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 27301, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 27302, weight: 1}
        """);

    ClusterConfig again = ConfigLoader.parse(FILE, ClusterSettings.of(bundled).toYaml());

    assertThat(again.nodes()).isEqualTo(bundled.nodes());
    assertThat(again.readQuorum()).isEqualTo(2);
    assertThat(again.writeQuorum()).isEqualTo(3);
  }

  @Test
  void aLabSpreadOverMachinesKeepsEachNodesHostPortAndTheToken() throws Exception {
    ClusterConfig spread =
        ConfigLoader.parse(
            Path.of("lab.yaml"),
            """
        admin_token: "s3cret \\"x\\""
        supervisor_port_offset: 500
        commit_protocol: parallel
        master: {ip: 192.168.1.11, port: 32770}
        slaves:
          - {id: slave_1, ip: 192.168.1.12, port: 32770}
          - {id: slave_2, ip: 192.168.1.13, port: 32770}
        """);
    ClusterSettings settings = ClusterSettings.of(spread);

    ClusterConfig again = ConfigLoader.parse(FILE, settings.toYaml());
    assertThat(again.nodes()).isEqualTo(spread.nodes());
    assertThat(again.adminToken()).isEqualTo("s3cret \"x\"");
    assertThat(again.supervisorPortOffset()).isEqualTo(500);
    assertThat(again.commitProtocol()).isEqualTo(CommitProtocol.PARALLEL);

    // A fourth node goes on the first host, at a port none of the others uses there.
    ClusterSettings four =
        new ClusterSettings(
            Mode.CENTRALIZED,
            4,
            settings.policy(),
            500,
            500,
            500,
            settings.weights(),
            2,
            2,
            false,
            settings.ip(),
            settings.basePort(),
            settings.ips(),
            settings.ports(),
            settings.adminToken(),
            settings.supervisorPortOffset(),
            settings.commitProtocol());
    assertThat(ConfigLoader.parse(FILE, four.toYaml()).node("slave_3").address())
        .isEqualTo("192.168.1.11:32771");
  }

  @Test
  void weakQuorumsLoadOnlyWithUnsafeQuorums() throws Exception {
    ClusterSettings weak = decentralized(5, 1, 1, false);

    assertThatThrownBy(() -> ConfigLoader.parse(FILE, weak.toYaml()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("read_quorum 1 + write_quorum 1")
        .hasMessageContaining("unsafe_quorums");
    ClusterConfig unsafe = ConfigLoader.parse(FILE, decentralized(5, 1, 1, true).toYaml());
    assertThat(unsafe.unsafeQuorums()).isTrue();
    assertThat(unsafe.ids()).containsExactly("node_0", "node_1", "node_2", "node_3", "node_4");
  }

  @Test
  void centralizedSettingsNameTheMasterAndItsSlaves() throws Exception {
    ClusterSettings strict =
        new ClusterSettings(
            Mode.CENTRALIZED,
            7,
            SlaveFailurePolicy.STRICT,
            800,
            900,
            500,
            List.of(1, 1, 1, 1, 1, 1, 1),
            2,
            2,
            false,
            "127.0.0.1",
            27310,
            List.of(),
            List.of(),
            "",
            ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET,
            CommitProtocol.TEXTBOOK);

    ClusterConfig c = ConfigLoader.parse(Path.of("c.yaml"), strict.toYaml());

    assertThat(c.onSlaveFailure()).isEqualTo(SlaveFailurePolicy.STRICT);
    assertThat(c.ids())
        .containsExactly(
            "master", "slave_1", "slave_2", "slave_3", "slave_4", "slave_5", "slave_6");
    assertThat(c.node("slave_6").port()).isEqualTo(27316);
    assertThat(c.prepareTimeout().toMillis()).isEqualTo(800);
  }

  private static ClusterSettings decentralized(int nodes, int read, int write, boolean unsafe) {
    return new ClusterSettings(
        Mode.DECENTRALIZED,
        nodes,
        SlaveFailurePolicy.EXCLUDE,
        500,
        500,
        500,
        List.of(1, 1, 1, 1, 1, 1, 1),
        read,
        write,
        unsafe,
        "127.0.0.1",
        27320,
        List.of(),
        List.of(),
        "",
        ClusterConfig.DEFAULT_SUPERVISOR_PORT_OFFSET,
        CommitProtocol.TEXTBOOK);
  }
}
