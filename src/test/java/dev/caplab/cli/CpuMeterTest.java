package dev.caplab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void useIsTheDifferenceOfTwoSamplesPerOperation() {
    CpuMeter.Sample start = new CpuMeter.Sample(1_000_000, 5_000_000, 300, 1_000);
    CpuMeter.Sample end = new CpuMeter.Sample(3_000_000, 11_000_000, 450, 1_200);

    CpuMeter.Use use = CpuMeter.between(start, end, 4);

    assertThat(use.generatorMillisPerOp()).isCloseTo(0.5, within(1e-9));
    assertThat(use.serverMillisPerOp()).isCloseTo(1.5, within(1e-9));
    assertThat(use.machineBusyPercent()).isCloseTo(75, within(1e-9));
    assertThat(use.line())
        .startsWith("cpu: generator 0.500 ms/op, servers 1.500 ms/op, machine busy 75 %");
  }

  @Test
  void countsTheCpuAMeteredProcessBurnsAndIgnoresOneThatIsGone() {
    long self = ProcessHandle.current().pid();
    // No process has a negative id: it stands for a server that has exited.
    CpuMeter meter = new CpuMeter(List.of(self, -1L));
    var thread = ManagementFactory.getThreadMXBean();
    CpuMeter.Sample start = meter.sample();
    long burnFrom = thread.getCurrentThreadCpuTime();
    long sink = 0;
    while (thread.getCurrentThreadCpuTime() - burnFrom < 200_000_000L) {
      sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
    }
    CpuMeter.Use use = CpuMeter.between(start, meter.sample(), 10);

    // 200 ms of this thread's CPU over 10 operations, at least, seen both as generator and server.
    assertThat(use.generatorMillisPerOp()).isGreaterThanOrEqualTo(15);
    assertThat(use.serverMillisPerOp()).isGreaterThanOrEqualTo(15);
    assertThat(use.machineBusyPercent()).isBetween(0.0, 100.0);
    assertThat(sink).isNotNegative();
  }
}
