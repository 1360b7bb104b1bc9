package dev.caplab.ui;

import static dev.caplab.ui.Ev.quorum;
import static dev.caplab.ui.Ev.received;
import static dev.caplab.ui.Ev.sent;
import static dev.caplab.ui.Ev.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.config.Mode;
import dev.caplab.lesson.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab view-model fed through its listener, with same-thread executors and no cluster. */
class LabViewModelTest {

  private static final long MS = 1_000_000L;

  @TempDir Path dir;

  private final LabViewModel lab =
      new LabViewModel(
          Runnable::run,
          Duration.ZERO,
          Runnable::run,
          (config, data, events, executor, processes) -> {
            throw new IllegalStateException("these tests start no cluster");
          },
          Path.of("unused"));
  private long now = 1_000 * MS;

  @Test
  void anInvalidConfigShowsTheLoadersMessageAndNoNodes() {
    lab.loadConfig(TestConfigs.invalid(dir));

    assertThat(lab.configProperty().get()).isNull();
    assertThat(lab.picker().errorProperty().get())
        .contains("broken.yaml")
        .contains("read_quorum 1 + write_quorum 1");
    assertThat(lab.nodes()).isEmpty();
  }

  @Test
  void aValidConfigAfterAnInvalidOneClearsTheError() {
    lab.loadConfig(TestConfigs.invalid(dir));
    lab.loadConfig(TestConfigs.centralized(dir, 24010));

    assertThat(lab.picker().errorProperty().get()).isEmpty();
    assertThat(lab.configProperty().get().mode()).isEqualTo(Mode.CENTRALIZED);
    assertThat(lab.nodes())
        .extracting(NodeViewModel::id)
        .containsExactly("master", "slave_1", "slave_2");
    assertThat(lab.console().targetProperty().get()).isEqualTo("master");
    assertThat(lab.picker().files()).hasSize(2);
  }

  @Test
  void theCoordinatorsPhaseFollowsTheAnimation() {
    lab.loadConfig(TestConfigs.centralized(dir, 24010));
    lab.tick(now);
    lab.events()
        .onEvents(
            List.of(
                state("master", 1, "PREPARE", "tx-1"),
                sent("master", 2, "slave_1", "prepare", "k"),
                received("slave_1", 1, "master", 2, "prepare", "k"),
                sent("slave_1", 2, "master", "vote-yes", "k"),
                received("master", 3, "slave_1", 2, "vote-yes", "k"),
                state("master", 4, "COMMIT", "tx-1")));

    NodeViewModel master = lab.node("master").orElseThrow();
    assertThat(master.phaseProperty().get()).isEqualTo("PREPARE");
    frames(MessageFlow.TRIP_MILLIS + 150);
    assertThat(master.phaseProperty().get()).isEqualTo("PREPARE");
    assertThat(lab.eventLog().visible())
        .extracting(dev.caplab.client.NodeEvent::label)
        .as("the log shows the vote being sent, not yet its arrival")
        .startsWith("vote-yes", "prepare")
        .hasSize(4);
    frames(MessageFlow.TRIP_MILLIS);
    assertThat(master.phaseProperty().get()).isEqualTo("COMMIT");
    assertThat(lab.flow().started("prepare")).isEqualTo(1);
    assertThat(lab.flow().started("vote-yes")).isEqualTo(1);
    assertThat(lab.eventLog().visible()).hasSize(6);
    assertThat(lab.eventLog().visible().get(0).label()).isEqualTo("COMMIT");
  }

  @Test
  void theVoteMeterCountsUpAsGrantsLand() {
    lab.loadConfig(TestConfigs.decentralized(dir, 24020));
    lab.tick(now);
    lab.events()
        .onEvents(
            List.of(
                sent("node_1", 1, "node_0", "vote-grant", "k"),
                received("node_0", 1, "node_1", 1, "vote-grant", "k"),
                quorum("node_0", 2, "write", 3, 3)));

    NodeViewModel coordinator = lab.node("node_0").orElseThrow();
    assertThat(coordinator.neededProperty().get()).isZero();
    frames(MessageFlow.TRIP_MILLIS + 50);
    assertThat(coordinator.votesProperty().get()).isEqualTo(3);
    assertThat(coordinator.neededProperty().get()).isEqualTo(3);
    assertThat(coordinator.quorumFreshProperty().get()).isTrue();
  }

  @Test
  void aMembershipChangeAtTheMasterLandsOnTheSlaveNotOnTheBanner() {
    lab.loadConfig(TestConfigs.centralized(dir, 24010));
    lab.tick(now);
    lab.events()
        .onEvents(
            List.of(
                Ev.event("master", 1, "STATE", "EXCLUDED", "slave_2", "", 0, 0, "no answer", 0)));
    frames(20);

    assertThat(lab.node("master").orElseThrow().phaseProperty().get()).isEmpty();
    assertThat(lab.node("slave_2").orElseThrow().membershipProperty().get()).isEqualTo("EXCLUDED");
  }

  @Test
  void leasesStayOutOfTheLogUntilAskedFor() {
    lab.loadConfig(TestConfigs.centralized(dir, 24010));
    lab.events()
        .onEvents(
            List.of(
                sent("slave_1", 1, "master", "lease", ""),
                sent("master", 1, "slave_1", "prepare", "k")));
    lab.tick(now);
    assertThat(lab.eventLog().visible())
        .extracting(dev.caplab.client.NodeEvent::label)
        .containsExactly("prepare");
    lab.flow().showBackgroundProperty().set(true);
    assertThat(lab.eventLog().visible()).hasSize(2);
  }

  @Test
  void eventStreamConnectionShowsOnTheNode() {
    lab.loadConfig(TestConfigs.centralized(dir, 24010));
    lab.events().onConnection("slave_2", true);
    assertThat(lab.node("slave_2").orElseThrow().streamingProperty().get()).isTrue();
  }

  @Test
  void commandsWithoutAClusterAskToStartIt() {
    lab.loadConfig(TestConfigs.centralized(dir, 24010));
    lab.console().keyProperty().set("k");
    lab.console().put();
    assertThat(lab.console().messageProperty().get()).isEqualTo("Start the cluster first.");
    lab.actions().fail("slave_1");
    assertThat(lab.messageProperty().get()).isEqualTo("Start the cluster first.");
  }

  /** A lab on the FX-less executors over a fake centralized cluster, started. */
  private LabViewModel started(CompletableFuture<FakeCluster> opened) {
    LabViewModel live =
        new LabViewModel(
            Runnable::run,
            Duration.ZERO,
            Runnable::run,
            FakeCluster.factory(opened),
            dir.resolve("data"));
    live.loadConfig(TestConfigs.centralized(dir, 26150));
    live.tick(now);
    live.start();
    return live;
  }

  @Test
  void armingACrashGoesThroughTheGatewayAndIsRecordedForALesson() {
    CompletableFuture<FakeCluster> opened = new CompletableFuture<>();
    LabViewModel live = started(opened);
    List<Action> recorded = new ArrayList<>();
    live.actions().recordTo(recorded::add);

    live.actions().armCrash("master", NodeActions.AFTER_PREPARE);

    assertThat(opened.getNow(null).calls).contains("armCrash master after-prepare");
    assertThat(recorded).containsExactly(new Action.ArmCrash("master", "after-prepare"));
    assertThat(live.messageProperty().get()).contains("master will crash after-prepare");
  }

  @Test
  void aNodesKeyCountChangesWhenTheCommitThatWroteTheKeyLands() {
    CompletableFuture<FakeCluster> opened = new CompletableFuture<>();
    LabViewModel live = started(opened);
    FakeCluster cluster = opened.getNow(null);
    cluster.put("master", "k", "v");
    cluster.lastSeq =
        1; // slave_1 answers having received the commit (its event 1) and stored the key
    live.events()
        .onEvents(
            List.of(
                sent("master", 1, "slave_1", "commit", "k"),
                received("slave_1", 1, "master", 1, "commit", "k")));
    live.select("slave_1");

    NodeViewModel slave = live.node("slave_1").orElseThrow();
    assertThat(slave.keyCountProperty().get())
        .as("the commit token is still on its way")
        .isEqualTo(-1);
    for (double t = 0; t < MessageFlow.TRIP_MILLIS + 100; t += 16) {
      now += 16 * MS;
      live.tick(now);
    }
    assertThat(slave.keyCountProperty().get()).isEqualTo(1);
  }

  private void frames(double millis) {
    for (double t = 0; t < millis; t += 16) {
      now += 16 * MS;
      lab.tick(now);
    }
  }
}
