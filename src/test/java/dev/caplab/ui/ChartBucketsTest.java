package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChartBucketsTest {

  private final AtomicLong micros = new AtomicLong();
  private final ChartBuckets buckets = new ChartBuckets(micros::get);

  @Test
  void latencyPercentilesOfOneSecondCountOnlyOperationsThatSucceeded() {
    for (int ms = 1; ms <= 100; ms++) {
      buckets.add("get", OpLog.Outcome.OK, 2_000_000, 2_000_000 + ms * 1000L);
    }
    buckets.add("get", OpLog.Outcome.FAIL, 2_000_000, 2_900_000); // a timeout is not a latency

    ChartBuckets.Second s = at(2);
    assertThat(s.succeeded()).isEqualTo(100);
    assertThat(s.p50Millis()).isEqualTo(50.0);
    assertThat(s.p99Millis()).isEqualTo(99.0);
  }

  @Test
  void nearestRankPercentileOfFewValues() {
    long[] sorted = {10, 20, 30};
    assertThat(ChartBuckets.percentile(sorted, 3, 50)).isEqualTo(20);
    assertThat(ChartBuckets.percentile(sorted, 3, 99)).isEqualTo(30);
    assertThat(ChartBuckets.percentile(new long[] {7}, 1, 99)).isEqualTo(7);
  }

  @Test
  void writeAvailabilityCountsFailedAndUnknownPutsAgainstItWhileReadsGoOn() {
    buckets.add("put", OpLog.Outcome.OK, 5_000_000, 5_010_000);
    buckets.add("put", OpLog.Outcome.FAIL, 5_000_000, 5_020_000); // voted down
    buckets.add(
        "put",
        OpLog.Outcome.UNKNOWN,
        5_000_000,
        5_030_000); // timed out: may land later, still not served
    buckets.add("put", OpLog.Outcome.UNKNOWN, 5_000_000, 5_040_000);
    buckets.add("get", OpLog.Outcome.OK, 5_000_000, 5_050_000);
    buckets.add("get", OpLog.Outcome.OK, 5_000_000, 5_060_000);

    ChartBuckets.Second s = at(5);
    assertThat(s.writesOkPercent()).isEqualTo(25.0);
    assertThat(s.readsOkPercent()).isEqualTo(100.0);
    assertThat(s.succeeded()).isEqualTo(3);
  }

  @Test
  void aSecondWithoutWritesHasNoWriteAvailabilityRatherThanZero() {
    buckets.add("get", OpLog.Outcome.FAIL, 1_000_000, 1_100_000);

    ChartBuckets.Second s = at(1);
    assertThat(s.writesOkPercent()).isNaN();
    assertThat(s.readsOkPercent()).isEqualTo(0.0);
    assertThat(s.p50Millis()).isNaN();
  }

  @Test
  void aSecondIsShownOnlyOnceItIsOver() {
    buckets.add("get", OpLog.Outcome.OK, 3_000_000, 3_100_000);
    micros.set(3_900_000);
    assertThat(buckets.seconds())
        .extracting(ChartBuckets.Second::second)
        .containsExactly(0L, 1L, 2L);
    micros.set(4_000_000 + ChartBuckets.GRACE_MICROS);
    assertThat(buckets.seconds()).extracting(ChartBuckets.Second::second).endsWith(3L);
  }

  @Test
  void onlyTheLastFiveMinutesAreKept() {
    buckets.add("put", OpLog.Outcome.OK, 0, 10_000);
    buckets.add("put", OpLog.Outcome.OK, 400_000_000, 400_010_000);
    buckets.add("put", OpLog.Outcome.FAIL, 5_000_000, 5_010_000); // too old to count any more
    micros.set(401_000_000 + ChartBuckets.GRACE_MICROS);

    List<ChartBuckets.Second> seconds = buckets.seconds();
    assertThat(seconds).hasSize(ChartBuckets.WINDOW_SECONDS);
    assertThat(seconds.get(0).second()).isEqualTo(401 - ChartBuckets.WINDOW_SECONDS);
    assertThat(seconds.stream().mapToInt(ChartBuckets.Second::succeeded).sum()).isEqualTo(1);
    assertThat(seconds.stream().filter(s -> !Double.isNaN(s.writesOkPercent()))).hasSize(1);
  }

  @Test
  void staleReadsAreATotalCarriedForwardFromTheSecondTheyWereFound() {
    micros.set(2_500_000);
    buckets.staleReads(1);
    micros.set(4_200_000);
    buckets.staleReads(2);
    micros.set(6_000_000 + ChartBuckets.GRACE_MICROS);

    assertThat(buckets.seconds())
        .extracting(ChartBuckets.Second::staleReads)
        .containsExactly(0, 0, 1, 1, 2, 2);
  }

  @Test
  void resetForgetsTheChartsAndOperationsStillInFlightFromBefore() {
    OpLog log = new OpLog(() -> micros.get() * 1000);
    ChartBuckets charts = new ChartBuckets(log::nowMicros);
    log.addListener(charts);
    OpLog.Pending old = log.invoke("load-0", "put", "k", "v");
    micros.set(1_500_000);
    log.complete(log.invoke("load-1", "put", "k", "w"), OpResult.ok("node_0", null, 1));
    charts.reset();
    log.reset();
    micros.set(2_100_000);
    log.complete(old, OpResult.ok("node_0", null, 1));
    log.complete(log.invoke("load-1", "get", "k", ""), OpResult.ok("node_0", "w", 1));
    micros.set(5_000_000);

    List<ChartBuckets.Second> seconds = charts.seconds();
    assertThat(seconds).extracting(ChartBuckets.Second::succeeded).containsExactly(1, 0, 0);
    assertThat(seconds.get(0).writesOkPercent()).isNaN();
    assertThat(seconds.get(0).readsOkPercent()).isCloseTo(100.0, within(0.001));
  }

  private ChartBuckets.Second at(long second) {
    micros.set(Math.max(micros.get(), (second + 1) * 1_000_000 + ChartBuckets.GRACE_MICROS));
    return buckets.seconds().stream().filter(s -> s.second() == second).findFirst().orElseThrow();
  }
}
