package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChartsViewModelTest {

  private final AtomicLong nanos = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final OpLog log = new OpLog(nanos::get);
  private final ChartsViewModel charts = new ChartsViewModel(log, running::get);

  @Test
  void eachNodeActionAndStepModeLeaveAMarkerAtTheirTime() {
    nanos.set(12_300_000_000L);
    charts.nodeAction("node_1", "killing…");
    nanos.set(30_000_000_000L);
    charts.nodeAction("node_1", "starting…");
    charts.nodeAction("slave_2", "slowing…");
    charts.nodeAction("slave_2", "restoring…");
    charts.nodeAction("node_2", "isolating…");
    charts.nodeAction("node_2", "healing…");
    charts.stepMode(true);
    charts.stepMode(false);

    assertThat(charts.markers())
        .extracting(ChartsViewModel.Marker::label)
        .containsExactly(
            "fail node_1",
            "recover node_1",
            "slow slave_2",
            "restore slave_2",
            "isolate node_2",
            "heal node_2",
            "step on",
            "step off");
    assertThat(charts.markers().get(0).seconds()).isEqualTo(12.3);
    assertThat(charts.markers())
        .extracting(ChartsViewModel.Marker::kind)
        .containsExactly(
            ChartsViewModel.Kind.FAULT,
            ChartsViewModel.Kind.REPAIR,
            ChartsViewModel.Kind.FAULT,
            ChartsViewModel.Kind.REPAIR,
            ChartsViewModel.Kind.FAULT,
            ChartsViewModel.Kind.REPAIR,
            ChartsViewModel.Kind.STEP,
            ChartsViewModel.Kind.STEP);
  }

  @Test
  void theWindowMovesOnOnceASecondIsOverAndStopsWithTheCluster() {
    OpLog.Pending put = log.invoke("load-0", "node_0", "put", "k", "v");
    nanos.set(1_200_000_000L);
    log.complete(put, OpResult.ok("node_0", null, 1200));
    nanos.set(2_300_000_000L);
    charts.tick(nanos.get());

    ChartsViewModel.Window w = charts.windowProperty().get();
    assertThat(w.from()).isZero();
    assertThat(w.to()).isEqualTo(ChartsViewModel.MIN_SPAN_SECONDS);
    assertThat(w.seconds()).extracting(ChartBuckets.Second::succeeded).containsExactly(0, 1);

    running.set(false);
    nanos.set(9_000_000_000L);
    charts.tick(nanos.get());
    assertThat(charts.windowProperty().get()).isSameAs(w);
  }

  @Test
  void aNewClusterClearsTheChartsAndTheMarkers() {
    charts.nodeAction("node_1", "killing…");
    nanos.set(3_000_000_000L);
    charts.tick(nanos.get());

    charts.reset();

    assertThat(charts.markers()).isEmpty();
    assertThat(charts.windowProperty().get().seconds()).isEmpty();
  }
}
