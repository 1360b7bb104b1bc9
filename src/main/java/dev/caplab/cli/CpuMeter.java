package dev.caplab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * CPU time of this load generator, of the servers under test (by process id) and of the whole
 * machine, between two samples: on a small machine the generator shares the cores with the servers,
 * so a throughput is only understood next to where the CPU went.
 */
final class CpuMeter {

  /** Cumulative counters at one moment; machine jiffies are -1 where /proc/stat is unreadable. */
  record Sample(long generatorNanos, long serverNanos, long machineBusy, long machineTotal) {}

  /** What one window cost, per operation, and the share of all CPUs in use. */
  record Use(double generatorMillisPerOp, double serverMillisPerOp, double machineBusyPercent) {

    String line() {
      String busy =
          machineBusyPercent < 0
              ? "machine busy unknown"
              : String.format(
                  "machine busy %.0f %% of %d CPUs",
                  machineBusyPercent, Runtime.getRuntime().availableProcessors());
      return String.format(
          "cpu: generator %.3f ms/op, servers %.3f ms/op, %s",
          generatorMillisPerOp, serverMillisPerOp, busy);
    }
  }

  private final List<Long> serverPids;

  CpuMeter(List<Long> serverPids) {
    this.serverPids = List.copyOf(serverPids);
  }

  Sample sample() {
    long servers = 0;
    for (long pid : serverPids) {
      servers += cpuNanos(ProcessHandle.of(pid));
    }
    long[] machine = machineJiffies();
    return new Sample(
        cpuNanos(Optional.of(ProcessHandle.current())), servers, machine[0], machine[1]);
  }

  static Use between(Sample start, Sample end, long ops) {
    double perOp = Math.max(1, ops) * 1e6;
    long total = end.machineTotal - start.machineTotal;
    double busy =
        start.machineTotal < 0 || total <= 0
            ? -1
            : 100.0 * (end.machineBusy - start.machineBusy) / total;
    return new Use(
        (end.generatorNanos - start.generatorNanos) / perOp,
        (end.serverNanos - start.serverNanos) / perOp,
        busy);
  }

  /** A process that has exited counts as 0 from then on; the bench reports failed calls anyway. */
  private static long cpuNanos(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
  }

  /**
   * {busy, total} jiffies of all CPUs from the first line of /proc/stat (user nice system idle
   * iowait irq softirq steal; guest time is already in user): waiting for the disk is not busy, and
   * time the hypervisor gave away (steal) is neither ours nor idle.
   */
  private static long[] machineJiffies() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      long total = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        long jiffies = Long.parseLong(f[i]);
        total += jiffies;
        busy += i == 4 || i == 5 || i == 8 ? 0 : jiffies;
      }
      return new long[] {busy, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }
}
