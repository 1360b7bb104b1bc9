package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** `caplab bench` picks its target from the flags; nothing here needs a running cluster. */
class BenchCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
  }

  private static BenchCommand parse(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private Path centralizedConfig() throws Exception {
    return Files.writeString(
        dir.resolve("cluster.yaml"),
        """
        master: {ip: 127.0.0.1, port: 20130}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 20131}
          - {id: slave_2, ip: 127.0.0.1, port: 20132}
        """);
  }

  @Test
  void etcdFlagTargetsEveryEndpointRoundRobin() throws Exception {
    BenchCommand command =
        parse(
            "--etcd",
            "127.0.0.1:2379,http://127.0.0.1:22379",
            "--concurrency",
            "16",
            "--read-ratio",
            "0");
    try (BenchTarget target = command.openTarget()) {
      assertThat(target).isInstanceOf(EtcdTarget.class);
      assertThat(target.kind()).isEqualTo("etcd");
      assertThat(target.nodes()).containsExactly("127.0.0.1:2379", "127.0.0.1:22379");
    }
    assertThat(command.concurrency).isEqualTo(16);
    assertThat(command.readRatio).isZero();
  }

  @Test
  void withoutEtcdTheConfigsNodesAreTheTarget() throws Exception {
    try (BenchTarget target = parse("--config", centralizedConfig().toString()).openTarget()) {
      assertThat(target).isInstanceOf(StoreTarget.class);
      assertThat(target.kind()).isEqualTo("centralized");
      assertThat(target.nodes()).containsExactly("master", "slave_1", "slave_2");
    }
  }

  @Test
  void nodeFlagNarrowsACapLabTargetToOneNode() throws Exception {
    try (BenchTarget target =
        parse("--config", centralizedConfig().toString(), "--node", "slave_2").openTarget()) {
      assertThat(target.nodes()).containsExactly("slave_2");
    }
  }

  @Test
  void etcdWithConfigOrNodeIsAUsageError() throws Exception {
    assertThat(Main.execute("bench", "--etcd", "127.0.0.1:2379", "--node", "master"))
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(
            Main.execute(
                "bench", "--etcd", "127.0.0.1:2379", "--config", centralizedConfig().toString()))
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--etcd replaces --config and --node");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1", "127.0.0.1:", ":2379", "127.0.0.1:http", "127.0.0.1:70000", " "})
  void malformedEtcdEndpointIsAUsageError(String endpoint) {
    // First in the list: picocli drops a trailing empty element, as String.split does.
    assertThat(Main.execute("bench", "--etcd", endpoint + ",127.0.0.1:2379"))
        .isEqualTo(Main.EXIT_USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bench: etcd endpoint '" + endpoint + "'");
  }

  @Test
  void endpointParsingAcceptsEtcdctlsForm() {
    assertThat(EtcdTarget.HostPort.parse(" http://localhost:32379 "))
        .isEqualTo(new EtcdTarget.HostPort("localhost", 32379));
    assertThatThrownBy(() -> EtcdTarget.HostPort.parse("localhost"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
