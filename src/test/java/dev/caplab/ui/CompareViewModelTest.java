package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.EventListener;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.lesson.NodeRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Compare view-model over two fake clusters: one fault button hits the same role in both. */
class CompareViewModelTest {

  @TempDir Path dir;
  private final Map<Mode, FakeCluster> opened = new ConcurrentHashMap<>();
  private CompareViewModel compare;

  @BeforeEach
  void startBoth() throws Exception {
    ClusterGateway.Factory factory =
        (ClusterConfig config,
            Path dataDir,
            EventListener events,
            Executor eventExecutor,
            ClusterGateway.ProcessListener processes) -> {
          CompletableFuture<FakeCluster> made = new CompletableFuture<>();
          ClusterGateway g =
              FakeCluster.factory(made).open(config, dataDir, events, eventExecutor, processes);
          opened.put(config.mode(), made.join());
          return g;
        };
    compare =
        CompareViewModel.bundled(Runnable::run, Duration.ZERO, Runnable::run, factory, dir, 30700);
    compare.start();
  }

  @Test
  void bothClustersRunOnPortsOfTheirOwnThatDoNotClash() {
    assertThat(compare.phaseProperty().get()).isEqualTo(ClusterPhase.RUNNING);
    assertThat(compare.centralized().config().nodes())
        .extracting(n -> n.port())
        .containsExactly(30700, 30701, 30702);
    assertThat(compare.decentralized().config().nodes())
        .extracting(n -> n.port())
        .containsExactly(30703, 30704, 30705);
    assertThat(compare.messageProperty().get()).startsWith("Both clusters serving");
  }

  @Test
  void failingTheCoordinatorKillsTheMasterAndNode1AndMarksBothCharts() {
    compare.apply(CompareViewModel.Fault.FAIL);

    assertThat(opened.get(Mode.CENTRALIZED).calls).contains("kill master");
    assertThat(opened.get(Mode.DECENTRALIZED).calls).contains("kill node_1");
    assertThat(compare.centralized().charts().markers())
        .extracting(ChartsViewModel.Marker::label)
        .containsExactly("fail master");
    assertThat(compare.decentralized().charts().markers())
        .extracting(ChartsViewModel.Marker::label)
        .containsExactly("fail node_1");
    assertThat(compare.messageProperty().get())
        .isEqualTo("Fail the coordinator: master (centralized) and node_1 (decentralized).");
    assertThat(compare.centralized().node("master").orElseThrow().status())
        .isEqualTo(NodeStatus.DOWN);
    assertThat(compare.decentralized().node("node_1").orElseThrow().status())
        .isEqualTo(NodeStatus.DOWN);
    assertThat(compare.decentralized().node("node_0").orElseThrow().status())
        .isEqualTo(NodeStatus.SERVING);
  }

  @Test
  void aReplicaIsTheFirstSlaveAndTheFirstNodeOfTheFewestVotes() {
    compare.setRole(NodeRole.REPLICA);
    compare.apply(CompareViewModel.Fault.SLOW);
    compare.apply(CompareViewModel.Fault.ISOLATE);

    assertThat(opened.get(Mode.CENTRALIZED).calls)
        .contains("slowDown slave_1 2", "isolate slave_1");
    assertThat(opened.get(Mode.DECENTRALIZED).calls)
        .contains("slowDown node_0 2", "isolate node_0");
    assertThat(compare.centralized().node("slave_1").orElseThrow().isolatedProperty().get())
        .isTrue();
    assertThat(compare.decentralized().charts().markers())
        .extracting(ChartsViewModel.Marker::label)
        .containsExactly("slow node_0", "isolate node_0");
    assertThat(compare.targets(NodeRole.REPLICA))
        .isEqualTo("slave_1 (centralized) and node_0 (decentralized)");
  }

  @Test
  void theLoadRunsOnBothAtTheSameRateOnlyWhileTheClustersRun() throws Exception {
    compare.rateProperty().set(40);
    compare.setLoad(true);
    assertThat(compare.loadOnProperty().get()).isTrue();
    for (CompareSide side : compare.sides()) {
      assertThat(side.load().runningProperty().get()).isTrue();
      assertThat(side.load().rateProperty().get()).isEqualTo(40);
    }
    compare.stop().get();
    assertThat(compare.loadOnProperty().get()).isFalse();
    assertThat(compare.sides()).allMatch(s -> !s.load().runningProperty().get());
    compare.setLoad(true);
    assertThat(compare.loadOnProperty().get()).isFalse();
    assertThat(compare.messageProperty().get())
        .isEqualTo("Start the clusters first, then the load.");
  }
}
