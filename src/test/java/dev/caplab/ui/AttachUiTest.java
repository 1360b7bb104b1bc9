package dev.caplab.ui;

import static dev.caplab.ui.LabFixture.awaitText;
import static dev.caplab.ui.LabFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/**
 * Attach: the lab drives nodes it did not start, each on its own "host" (127.0.0.1, .2, .3): the
 * master and slave_1 under `caplab cluster --only` (with a supervisor), slave_2 under plain `caplab
 * node` (without one).
 */
class AttachUiTest extends LabWindowTest {

  private static final Duration SHORT = Duration.ofSeconds(20);

  private Path config;
  private final List<Process> hosts = new ArrayList<>();

  @Override
  void open(LabViewModel lab) throws IOException {
    config =
        Files.writeString(
            dir.resolve("lab.yaml"),
            """
        on_slave_failure: exclude
        prepare_timeout_ms: 3000
        commit_timeout_ms: 3000
        supervisor_port_offset: 100
        master: {ip: 127.0.0.1, port: 16601}
        slaves:
          - {id: slave_1, ip: 127.0.0.2, port: 16602}
          - {id: slave_2, ip: 127.0.0.3, port: 16603}
        """);
    lab.loadConfig(config);
  }

  @Override
  void close() throws Exception {
    try {
      super.close();
    } finally {
      hosts.forEach(Process::destroy);
      for (Process p : hosts) {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  private void launch(String name, String... args) throws IOException {
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
    hosts.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .start());
  }

  @Test
  void attachedNodesServeAndASupervisedOneIsFailedAndRecoveredRemotely() throws Exception {
    awaitText(robot, "#message-label", "press Attach once they run on their hosts", SHORT);
    launch(
        "host1",
        "cluster",
        "--config",
        config.toString(),
        "--only",
        "master",
        "--data",
        dir.resolve("host1").toString());
    launch(
        "host2",
        "cluster",
        "--config",
        config.toString(),
        "--only",
        "slave_1",
        "--data",
        dir.resolve("host2").toString());
    launch(
        "host3",
        "node",
        "--config",
        config.toString(),
        "--id",
        "slave_2",
        "--data",
        dir.resolve("host3").toString());
    // As a teacher would: attach once every host says its node serves.
    for (var ready :
        List.of(
            List.of("host1", "ready"), List.of("host2", "ready"), List.of("host3", "is serving"))) {
      Path out = dir.resolve(ready.get(0) + ".out");
      await()
          .alias(ready.get(0) + " says " + ready.get(1))
          .atMost(LabFixture.CLUSTER_TIMEOUT.multipliedBy(2))
          .until(() -> Files.exists(out) && Files.readString(out).contains(ready.get(1)));
    }

    robot.clickOn("#attach-button");
    for (String node : List.of("master", "slave_1", "slave_2")) {
      awaitText(robot, "#status-" + node, "serving", LabFixture.CLUSTER_TIMEOUT);
    }
    assertThat(text(robot, "#stop-button")).isEqualTo("Detach");

    put(robot, "color", "blue");
    awaitText(
        robot, "#result-label", "put color = blue · stored at master", LabFixture.CLUSTER_TIMEOUT);

    robot.clickOn("#node-slave_1");
    robot.clickOn("#action-fail");
    awaitText(robot, "#status-slave_1", "down", SHORT);
    awaitText(robot, "#message-label", "slave_1 killed (SIGKILL)", SHORT);
    put(robot, "while-down", "still-works");
    awaitText(
        robot,
        "#result-label",
        "put while-down = still-works · stored",
        LabFixture.CLUSTER_TIMEOUT);

    robot.clickOn("#action-recover");
    awaitText(robot, "#status-slave_1", "serving", LabFixture.CLUSTER_TIMEOUT);
    await()
        .alias("slave_1, restarted on its host, caught up with the put made while it was down")
        .atMost(LabFixture.CLUSTER_TIMEOUT)
        .until(
            () ->
                LabFixture.fx(
                    () ->
                        robot.lookup("#inspector-keys").queryTableView().getItems().stream()
                            .map(e -> ((dev.caplab.client.NodeSnapshot.Entry) e).key())
                            .anyMatch("while-down"::equals)));

    robot.clickOn("#node-slave_2");
    robot.clickOn("#action-fail");
    awaitText(
        robot,
        "#message-label",
        "slave_2 runs without a supervisor: start it with `caplab cluster --only"
            + " slave_2` on its host to fail/recover it from here",
        SHORT);
    assertThat(text(robot, "#status-slave_2")).endsWith(" serving");

    robot.clickOn("#stop-button");
    awaitText(robot, "#message-label", "Detached: the nodes go on running on their hosts", SHORT);
    assertThat(hosts).allMatch(Process::isAlive);
  }

  private static void put(FxRobot robot, String key, String value) {
    robot.doubleClickOn("#key-field").eraseText(40).write(key);
    robot.doubleClickOn("#value-field").eraseText(40).write(value);
    robot.clickOn("#put-button");
  }
}
