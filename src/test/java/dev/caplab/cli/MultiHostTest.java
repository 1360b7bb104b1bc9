package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.caplab.client.StoreClient;
import dev.caplab.client.SupervisorClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.tier.MultiProcess;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab spread over three "hosts": 127.0.0.1, 127.0.0.2 and 127.0.0.3 are all this machine, but
 * each node binds only its own address, so nothing that assumed one shared address would work. Each
 * host runs its node with `caplab cluster --only` in a process of its own (as on three machines,
 * each with its own data directory); this JVM plays the teacher's machine: a client, the CLI's
 * fail/recover/ps, and `caplab watch` merging the three streams.
 */
@MultiProcess
class MultiHostTest {

  static final Duration READY = Duration.ofSeconds(180);

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  record Run(int exitCode, String out, String err) {}

  @AfterEach
  void stopEverything() throws InterruptedException {
    processes.forEach(Process::destroy); // SIGTERM: `caplab cluster` stops its nodes
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process launch(Path out, Path err, String... args) throws IOException {
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
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    processes.add(process);
    return process;
  }

  private Run caplab(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = launch(out, err, args);
    assertThat(process.waitFor(120, TimeUnit.SECONDS))
        .as("caplab %s finished", List.of(args))
        .isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Path config(String name, int supervisorOffset) throws IOException {
    return Files.writeString(
        dir.resolve(name),
        """
        read_quorum: 2
        write_quorum: 2
        request_timeout_ms: 1000
        admin_token: s3cret
        supervisor_port_offset: %d
        nodes:
          - {id: node_1, ip: 127.0.0.1, port: 16001}
          - {id: node_2, ip: 127.0.0.2, port: 16002}
          - {id: node_3, ip: 127.0.0.3, port: 16003}
        """
            .formatted(supervisorOffset));
  }

  @Test
  void threeHostsServeOneClusterAndTheirSupervisorsFailAndRecoverNodesRemotely() throws Exception {
    Path file = config("lab.yaml", 100);
    ClusterConfig config = ConfigLoader.load(file);
    List<Path> outs = new ArrayList<>();
    for (int host = 1; host <= 3; host++) {
      Path out = dir.resolve("host" + host + ".out");
      outs.add(out);
      launch(
          out,
          dir.resolve("host" + host + ".err"),
          "cluster",
          "--config",
          file.toString(),
          "--only",
          "node_" + host,
          "--data",
          dir.resolve("host" + host).toString());
    }
    for (int host = 1; host <= 3; host++) {
      Path out = outs.get(host - 1);
      await()
          .atMost(READY)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  Files.readString(out).contains("ready")
                      || processes.stream().anyMatch(p -> !p.isAlive()));
      assertThat(Files.readString(out))
          .as("host %d; every host's output:%n%s", host, outputs())
          .contains(
              "ready: 1 nodes serving",
              "node_" + host + "@127.0.0." + host + ":1600" + host,
              "supervisor on 127.0.0." + host + ":1610" + host);
    }
    // Each node's files are on its own "host".
    assertThat(dir.resolve("host2/node_2/node.log")).exists();
    assertThat(dir.resolve("host2/node_1")).doesNotExist();

    Path watchOut = dir.resolve("watch.jsonl");
    launch(watchOut, dir.resolve("watch.err"), "watch", "--config", file.toString());

    try (StoreClient store = new StoreClient(config);
        SupervisorClient supervisors = new SupervisorClient(config)) {
      // The first request meets JVMs still in the interpreter: retried until the cluster answers,
      // within a bound.
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> store.put("node_2", "color", "red").join());
      assertThat(store.get("node_3", "color").join()).contains("red");
      assertThat(store.get("node_1", "color").join()).contains("red");

      NodeProcessLine before = ps(file, "node_2");
      assertThat(before.state()).isEqualTo("SERVING");

      Run fail = caplab("fail", "node_2", "--config", file.toString());
      assertThat(fail.exitCode()).as(fail.err()).isZero();
      assertThat(fail.out()).contains("node_2 killed (SIGKILL) (KILLED)");
      assertThat(ProcessHandle.of(before.pid()))
          .as("node_2's process")
          .matches(p -> p.isEmpty() || !p.get().isAlive());
      assertThatThrownBy(() -> store.get("node_2", "color").join())
          .isInstanceOf(CompletionException.class)
          .extracting(e -> Status.fromThrowable(e.getCause()).getCode())
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(ps(file, "node_2").state()).isEqualTo("KILLED");
      // Two of three still make both quorums: the cluster goes on without the failed host.
      assertThat(store.put("node_1", "color", "blue").join()).isTrue();

      SupervisorClient.NodeProcessInfo recovered = supervisors.recover("node_2").join();
      assertThat(recovered.state()).isEqualTo("SERVING");
      assertThat(recovered.pid()).isNotEqualTo(before.pid());
      // The client's channel to node_2 may still wait out its reconnect back-off from the failed
      // get above: its
      // first call can fail fast once, as any gRPC client's would.
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> store.get("node_2", "color").join(),
              value -> value.equals(Optional.of("blue")));

      Run again = caplab("fail", "node_3", "--config", file.toString());
      assertThat(again.exitCode()).as(again.err()).isZero();
      Run back = caplab("recover", "node_3", "--config", file.toString());
      assertThat(back.exitCode()).as(back.err()).isZero();
      assertThat(back.out()).contains("node_3 serving again (SERVING, pid ");
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () -> store.get("node_3", "color").join(),
              value -> value.equals(Optional.of("blue")));
    }

    // One merged stream: the put through node_2 reached node_1 and node_3, each receive paired with
    // its send.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              String events = Files.readString(watchOut);
              return events.contains("\"node\":\"node_1\"")
                  && events.contains("\"node\":\"node_3\"")
                  && events.contains("\"node\":\"node_2\",")
                  && events.contains("\"peer\":\"node_2\"");
            });
    List<String> lines = Files.readAllLines(watchOut);
    int sent = indexOf(lines, "\"node\":\"node_2\"", "\"type\":\"SENT\"", "\"key\":\"color\"");
    int received =
        indexOf(lines, "\"type\":\"RECEIVED\"", "\"peer\":\"node_2\"", "\"key\":\"color\"");
    assertThat(sent).as("node_2's first SENT about color").isNotNegative();
    assertThat(received)
        .as("a RECEIVED from node_2 about color at another host")
        .isGreaterThan(sent);
    assertThat(Files.readString(dir.resolve("watch.err")))
        .contains("node_1: connected", "node_2: connected", "node_3: connected");
  }

  @Test
  void failingANodeWithoutASupervisorSaysHowToGetOne() throws Exception {
    Path file = config("nosupervisor.yaml", 900); // nothing listens at 16901-16903
    Run fail = caplab("fail", "node_2", "--config", file.toString());
    assertThat(fail.exitCode()).isEqualTo(1);
    assertThat(fail.err().trim())
        .isEqualTo(
            "error: node_2 runs without a supervisor: start it with"
                + " `caplab cluster --only node_2` on its host to fail/recover it from here");
  }

  @Test
  void aNodeWhoseAddressIsNotOnThisHostIsRefusedWithTheReason() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("elsewhere.yaml"),
            """
        nodes:
          - {id: node_1, ip: 127.0.0.1, port: 16011}
          - {id: node_2, ip: 192.0.2.250, port: 16012}
        """);
    Run run =
        caplab(
            "cluster", "--config", file.toString(), "--only", "node_2", "--data", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("192.0.2.250 is not an address of this host")
        .contains("start this node on the machine that has that address");
    Run unknown =
        caplab(
            "cluster", "--config", file.toString(), "--only", "node_9", "--data", dir.toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no node 'node_9'", "node_1, node_2");
  }

  /** What each host's `caplab cluster` printed, and its node's log, for a failure message. */
  private String outputs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int host = 1; host <= 3; host++) {
      for (Path file :
          List.of(
              dir.resolve("host" + host + ".out"),
              dir.resolve("host" + host + ".err"),
              dir.resolve("host" + host + "/node_" + host + "/node.log"))) {
        all.append("--- ")
            .append(file.getFileName())
            .append(" (alive: ")
            .append(processes.get(host - 1).isAlive())
            .append(")\n")
            .append(Files.exists(file) ? Files.readString(file) : "(none)")
            .append('\n');
      }
    }
    return all.toString();
  }

  record NodeProcessLine(String state, long pid) {}

  /** node's line of `caplab ps`: "node_2 127.0.0.2:16002 SERVING pid 1234". */
  private NodeProcessLine ps(Path file, String node) throws Exception {
    Run ps = caplab("ps", "--config", file.toString());
    assertThat(ps.exitCode()).as(ps.err()).isZero();
    String line = ps.out().lines().filter(l -> l.startsWith(node + " ")).findFirst().orElseThrow();
    String[] parts = line.trim().split("\\s+");
    long pid = parts.length >= 5 ? Long.parseLong(parts[4]) : 0;
    return new NodeProcessLine(parts[2], pid);
  }

  private static int indexOf(List<String> lines, String... parts) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (List.of(parts).stream().allMatch(line::contains)) {
        return i;
      }
    }
    return -1;
  }
}
