package dev.caplab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final Path FILE = Path.of("configs/test.yaml");

  private static ClusterConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse(FILE, yaml);
  }

  private static String errorOf(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void bundledCentralizedConfigLoadsWithDefaults() throws Exception {
    ClusterConfig config = ConfigLoader.load(Path.of("configs/centralized.yaml"));
    assertThat(config.mode()).isEqualTo(Mode.CENTRALIZED);
    assertThat(config.ids()).containsExactly("master", "slave_1", "slave_2");
    assertThat(config.master().port()).isEqualTo(32770);
    assertThat(config.master().role()).isEqualTo(Role.MASTER);
    assertThat(config.node("slave_2").address()).isEqualTo("127.0.0.1:32772");
    assertThat(config.onSlaveFailure()).isEqualTo(SlaveFailurePolicy.EXCLUDE);
    assertThat(config.prepareTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.maxKeyBytes()).isEqualTo(1024);
    assertThat(config.maxValueBytes()).isEqualTo(1024 * 1024);
    assertThat(config.lease()).as("twice the prepare timeout").isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void leaseCanBeSetAndIsRefusedBelowTenMilliseconds() throws Exception {
    String base =
        """
        master: {ip: 127.0.0.1, port: 5000}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 5001}
        """;
    assertThat(parse(base + "lease_ms: 3000\n").lease()).isEqualTo(Duration.ofSeconds(3));
    assertThat(parse(base + "prepare_timeout_ms: 2000\n").lease()).isEqualTo(Duration.ofSeconds(4));
    assertThat(errorOf(base + "lease_ms: 5\n"))
        .isEqualTo("configs/test.yaml:4: lease_ms is 5. Fix: use 10 or more (default 1000).");
  }

  @Test
  void supervisorsListenAtNodePortPlusAnOffsetThatMustNotLandOnAnotherNode() throws Exception {
    String base =
        """
        nodes:
          - {id: node_1, ip: 127.0.0.1, port: 5000}
          - {id: node_2, ip: 127.0.0.2, port: 5000}
          - {id: node_3, ip: 127.0.0.2, port: 5001}
        """;
    ClusterConfig config = parse(base);
    assertThat(config.supervisorPortOffset()).isEqualTo(1000);
    assertThat(config.supervisorPort(config.node("node_2"))).isEqualTo(6000);
    assertThat(parse(base + "supervisor_port_offset: 7\n").supervisorPort(config.node("node_3")))
        .isEqualTo(5008);
    assertThat(errorOf(base + "supervisor_port_offset: 1\n"))
        .isEqualTo(
            "configs/test.yaml:5: the supervisor of"
                + " node 'node_2' would listen on 127.0.0.2:5001 (port + supervisor_port_offset 1), which another node uses."
                + " Fix: set `supervisor_port_offset` so that no node port plus it is another node's port (default 1000).");
    assertThat(errorOf(base + "supervisor_port_offset: 61000\n"))
        .startsWith(
            "configs/test.yaml:5: node 'node_1'"
                + " has port 5000, so its supervisor would listen on port 66000");
  }

  @Test
  void bundledDecentralizedConfigCarriesTheAssignmentsWeights() throws Exception {
    ClusterConfig config = ConfigLoader.load(Path.of("configs/decentralized.yaml"));
    assertThat(config.mode()).isEqualTo(Mode.DECENTRALIZED);
    assertThat(config.nodes()).extracting(NodeConfig::weight).containsExactly(1, 2, 1);
    assertThat(config.readQuorum()).isEqualTo(2);
    assertThat(config.writeQuorum()).isEqualTo(3);
    assertThat(config.totalWeight()).isEqualTo(4);
  }

  @Test
  void quorumsDefaultToAMajorityOfTheWeights() throws Exception {
    ClusterConfig config =
        parse(
            """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
          - {id: b, ip: 127.0.0.1, port: 40002}
          - {id: c, ip: 127.0.0.1, port: 40003}
        """);
    assertThat(config.readQuorum()).isEqualTo(2);
    assertThat(config.writeQuorum()).isEqualTo(2);
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("file not found");
  }

  @Test
  void emptyFileSaysWhatToWrite(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    assertThatThrownBy(() -> ConfigLoader.load(empty)).hasMessageContaining("the file is empty");
  }

  @Test
  void badYamlNamesTheLine() {
    String message =
        errorOf(
            """
        master:
          ip: 127.0.0.1
          port: 32770
        slaves:
          - id: slave_1
           ip: 127.0.0.1
        """);
    assertThat(message).startsWith(FILE + ":").contains("not valid YAML").contains("Fix:");
    assertThat(message).matches("(?s)configs/test\\.yaml:[56]: .*");
  }

  @Test
  void missingMasterIsReported() {
    assertThat(
            errorOf(
                """
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 32771}
        """))
        .contains("missing `master`");
  }

  @Test
  void missingPortNamesTheEntrysLine() {
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 32770}
        slaves:
          - id: slave_1
            ip: 127.0.0.1
        """))
        .startsWith(FILE + ":3: ")
        .contains("no `port`");
  }

  @Test
  void missingIpAndIdAreReported() {
    assertThat(
            errorOf(
                """
        nodes:
          - {id: a, port: 40001}
        """))
        .contains("no `ip`");
    assertThat(
            errorOf(
                """
        nodes:
          - {ip: 127.0.0.1, port: 40001}
        """))
        .contains("no `id`");
  }

  @Test
  void mistypedKeyIsNamedWithItsLineAndTheKnownKeys() {
    String message =
        errorOf(
            """
        master:
          ip: 127.0.0.1
          prot: 32770
        """);
    assertThat(message).startsWith(FILE + ":3: ").contains("unknown key `prot`").contains("port");
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 32770}
        slave:
          - {id: s, ip: 127.0.0.1, port: 32771}
        """))
        .startsWith(FILE + ":2: ")
        .contains("unknown key `slave`");
  }

  @Test
  void keyGivenTwiceIsRejected() {
    assertThat(
            errorOf(
                """
        master:
          ip: 127.0.0.1
          port: 32770
          port: 32771
        """))
        .startsWith(FILE + ":4: ")
        .contains("`port` is given twice");
  }

  @Test
  void nonNumericPortIsRejected() {
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: high}
        """))
        .contains("port is 'high', not a whole number");
  }

  @Test
  void duplicateIdsAreRejected() {
    assertThat(
            errorOf(
                """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
          - {id: a, ip: 127.0.0.1, port: 40002}
        """))
        .startsWith(FILE + ":3: ")
        .contains("duplicate node id 'a'");
  }

  @Test
  void slaveNamedMasterClashesWithTheMaster() {
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 32770}
        slaves:
          - {id: master, ip: 127.0.0.1, port: 32771}
        """))
        .contains("duplicate node id 'master'");
  }

  @Test
  void duplicatePortsAreRejected() {
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 32770}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 32771}
          - {id: slave_2, ip: 127.0.0.1, port: 32770}
        """))
        .startsWith(FILE + ":4: ")
        .contains("'master' and 'slave_2' both use 127.0.0.1:32770");
  }

  @Test
  void portOutOfRangeIsRejected() {
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 70000}
        """))
        .startsWith(FILE + ":1: ")
        .contains("port 70000 is out of range");
    assertThat(
            errorOf(
                """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 0}
        """))
        .contains("port 0 is out of range");
  }

  @Test
  void unknownTopLevelShapeIsRejected() {
    assertThat(
            errorOf(
                """
        servers:
          - {id: a, ip: 127.0.0.1, port: 40001}
        """))
        .contains("unknown shape")
        .contains("servers");
    assertThat(
            errorOf(
                """
        - {id: a, ip: 127.0.0.1, port: 40001}
        """))
        .contains("the top level should be a mapping");
    assertThat(
            errorOf(
                """
        master: {ip: 127.0.0.1, port: 32770}
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
        """))
        .contains("both `master` and `nodes`");
  }

  @Test
  void nodesMustBeAList() {
    assertThat(
            errorOf(
                """
        nodes: {id: a, ip: 127.0.0.1, port: 40001}
        """))
        .contains("`nodes` should be a list");
  }

  @Test
  void readAndWriteQuorumsThatMissEachOtherAreRejected() {
    String message =
        errorOf(
            """
        read_quorum: 1
        write_quorum: 3
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: 40001, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: 40002, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: 40003, weight: 1}
        """);
    assertThat(message)
        .startsWith(FILE + ":1: ")
        .contains("read_quorum 1 + write_quorum 3 = 4")
        .contains("total weight 4");
  }

  @Test
  void twoWriteQuorumsThatMissEachOtherAreRejected() {
    assertThat(
            errorOf(
                """
        read_quorum: 3
        write_quorum: 2
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
          - {id: b, ip: 127.0.0.1, port: 40002}
          - {id: c, ip: 127.0.0.1, port: 40003}
          - {id: d, ip: 127.0.0.1, port: 40004}
        """))
        .contains("2 x write_quorum 2 = 4");
  }

  @Test
  void unsafeQuorumsAreAllowedWhenAskedFor() throws Exception {
    ClusterConfig config =
        parse(
            """
        read_quorum: 1
        write_quorum: 1
        unsafe_quorums: true
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
          - {id: b, ip: 127.0.0.1, port: 40002}
        """);
    assertThat(config.unsafeQuorums()).isTrue();
  }

  @Test
  void quorumAboveTheTotalWeightIsRejected() {
    assertThat(
            errorOf(
                """
        write_quorum: 5
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001}
          - {id: b, ip: 127.0.0.1, port: 40002}
        """))
        .startsWith(FILE + ":1: ")
        .contains("write_quorum is 5 but the nodes' weights add up to 2");
  }

  @Test
  void nonPositiveWeightIsRejected() {
    assertThat(
            errorOf(
                """
        nodes:
          - {id: a, ip: 127.0.0.1, port: 40001, weight: 0}
        """))
        .contains("weight 0 is not positive");
  }

  @Test
  void unknownSlaveFailurePolicyIsRejected() {
    assertThat(
            errorOf(
                """
        on_slave_failure: sometimes
        master: {ip: 127.0.0.1, port: 32770}
        """))
        .startsWith(FILE + ":1: ")
        .contains("on_slave_failure is 'sometimes'");
  }

  @Test
  void commitProtocolIsTextbookUnlessTheConfigAsksForParallel() throws Exception {
    assertThat(parse("master: {ip: 127.0.0.1, port: 32770}\n").commitProtocol())
        .isEqualTo(CommitProtocol.TEXTBOOK);
    assertThat(
            parse("commit_protocol: parallel\nmaster: {ip: 127.0.0.1, port: 32770}\n")
                .commitProtocol())
        .isEqualTo(CommitProtocol.PARALLEL);
    assertThat(errorOf("commit_protocol: fast\nmaster: {ip: 127.0.0.1, port: 32770}\n"))
        .startsWith(FILE + ":1: ")
        .contains("commit_protocol is 'fast'", "parallel", "textbook");
  }

  @Test
  void optionalLimitsAreRead() throws Exception {
    ClusterConfig config =
        parse(
            """
        on_slave_failure: strict
        max_key_bytes: 16
        max_value_bytes: 64
        prepare_timeout_ms: 250
        master: {ip: 127.0.0.1, port: 32770}
        """);
    assertThat(config.onSlaveFailure()).isEqualTo(SlaveFailurePolicy.STRICT);
    assertThat(config.maxKeyBytes()).isEqualTo(16);
    assertThat(config.maxValueBytes()).isEqualTo(64);
    assertThat(config.prepareTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void nonPositiveLimitIsRejected() {
    assertThat(
            errorOf(
                """
        max_value_bytes: 0
        master: {ip: 127.0.0.1, port: 32770}
        """))
        .contains("max_value_bytes is 0");
  }

  @Test
  void idThatCannotNameADirectoryIsRejected() {
    assertThat(
            errorOf(
                """
        nodes:
          - {id: ../etc, ip: 127.0.0.1, port: 40001}
        """))
        .contains("id '../etc' is not a plain name");
  }

  @Test
  void masterWithAnotherIdIsRejected() {
    assertThat(
            errorOf(
                """
        master: {id: boss, ip: 127.0.0.1, port: 32770}
        """))
        .contains("the master's id is 'boss'");
  }
}
