package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.caplab.tier.MultiProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The `caplab` command line as a user runs it: each command in a JVM of its own. */
@MultiProcess
class CliTest {

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Process launch(Path outFile, Path errFile, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.caplab.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectOutput(outFile.toFile())
        .redirectError(errFile.toFile())
        .start();
  }

  private Run caplab(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = launch(out, err, args);
    assertThat(process.waitFor(60, TimeUnit.SECONDS))
        .as("caplab %s finished", List.of(args))
        .isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void clusterThenPutThenGetRoundTrips() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("cluster.yaml"),
            """
        master: {ip: 127.0.0.1, port: 20120}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: 20121}
          - {id: slave_2, ip: 127.0.0.1, port: 20122}
        """);
    Path out = dir.resolve("cluster.out");
    Path err = dir.resolve("cluster.err");
    Process cluster =
        launch(
            out,
            err,
            "cluster",
            "--config",
            config.toString(),
            "--data",
            dir.resolve("data").toString());
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> Files.readString(out).contains("ready") || !cluster.isAlive());
      assertThat(Files.readString(out))
          .as("stderr: %s", Files.readString(err))
          .contains("ready: 3 nodes serving");

      Run put = caplab("put", "greeting", "héllo wörld", "--config", config.toString());
      assertThat(put.exitCode()).as(put.err()).isZero();
      assertThat(put.out().trim()).isEqualTo("ok");

      Run get = caplab("get", "greeting", "--config", config.toString());
      assertThat(get.exitCode()).as(get.err()).isZero();
      assertThat(get.out().trim()).isEqualTo("héllo wörld");

      Run missing =
          caplab("get", "nothing-here", "--config", config.toString(), "--node", "master");
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.err()).contains("not found");
    } finally {
      cluster.destroy(); // SIGTERM, as from a terminal or a service manager
      assertThat(cluster.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // Every node went down with it.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> portFree(20120) && portFree(20121) && portFree(20122));
    assertThat(Files.readString(dir.resolve("data/slave_2/node.log"))).contains("slave_2 stopped");
  }

  @Test
  void badConfigPrintsOneClearLineAndExitsTwo() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("bad.yaml"),
            """
        master: {ip: 127.0.0.1, port: 99999}
        """);
    Run run = caplab("get", "a", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().trim())
        .isEqualTo(
            config
                + ":1: port 99999 is out of range."
                + " Fix: use a port between 1024 and 65535.");
  }

  @Test
  void unreachableNodeIsAnErrorNamingTheNode() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("down.yaml"),
            """
        master: {ip: 127.0.0.1, port: 20129}
        """);
    Run run = caplab("put", "a", "1", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("master (127.0.0.1:20129): UNAVAILABLE")
        .doesNotContain("Exception");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"node", "cluster", "put", "get", "bench", "nemesis", "fail", "recover", "ps"})
  void everyCommandHasHelp(String command) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(command, "--help");
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .startsWith("Usage: caplab " + command)
        .contains("--config");
  }
}
