package dev.caplab.cli;

import dev.caplab.client.StoreClient;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Load test: N concurrent clients, each one request at a time; prints ops/s and p50/p95/p99"
            + " latency for puts and gets. With --etcd, the same load against an etcd v3 cluster instead.")
final class BenchCommand implements Callable<Integer> {

  /** Long enough that a slow answer counts in the latencies rather than as an error. */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Mixin ConfigOption config;

  @Option(
      names = "--etcd",
      paramLabel = "HOST:PORT[,...]",
      split = ",",
      description =
          "Drive an etcd v3 cluster at these client endpoints (round robin) instead of CAP Lab:"
              + " Put, and Range with linearizable reads; --config and --node do not apply.")
  List<String> etcd;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "1",
      description = "Requests in flight (client threads). Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(
      names = "--duration",
      paramLabel = "S",
      defaultValue = "10",
      description = "Measured seconds. Default: ${DEFAULT-VALUE}.")
  int duration;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      defaultValue = "2",
      description = "Unmeasured seconds first (JIT warm-up). Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(
      names = "--read-ratio",
      paramLabel = "R",
      defaultValue = "0.5",
      description = "Share of gets, 0..1. Default: ${DEFAULT-VALUE}.")
  double readRatio;

  @Option(
      names = {"-n", "--node"},
      paramLabel = "ID",
      description = "Send everything to this node. Default: all nodes, round robin.")
  String node;

  @Option(
      names = "--keys",
      paramLabel = "K",
      defaultValue = "1000",
      description = "Distinct keys, written once before the run. Default: ${DEFAULT-VALUE}.")
  int keys;

  @Option(
      names = "--value-size",
      paramLabel = "B",
      defaultValue = "100",
      description = "Value size in bytes. Default: ${DEFAULT-VALUE}.")
  int valueSize;

  @Option(
      names = "--cpu-of",
      paramLabel = "PID[,...]",
      split = ",",
      description =
          "Also print the CPU these processes (the servers under test) and this generator used per"
              + " operation in the measured window, and how busy the machine was.")
  List<Long> cpuOf;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (concurrency < 1
        || duration < 1
        || warmup < 0
        || keys < 1
        || valueSize < 0
        || readRatio < 0
        || readRatio > 1) {
      System.err.println(
          "bench: need --concurrency >= 1, --duration >= 1, --warmup >= 0, --keys >= 1,"
              + " --value-size >= 0 and 0 <= --read-ratio <= 1");
      return Main.EXIT_USAGE;
    }
    if (etcd != null
        && (node != null || spec.commandLine().getParseResult().hasMatchedOption("--config"))) {
      System.err.println("bench: --etcd replaces --config and --node; give one or the other");
      return Main.EXIT_USAGE;
    }
    BenchTarget opened;
    try {
      opened = openTarget();
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    try (BenchTarget target = opened) {
      List<String> nodes = target.nodes();
      System.out.printf(
          "bench: %s (%s), concurrency %d, %d s (+%d s warm-up), read ratio %.2f, %d keys,"
              + " %d-byte values%n",
          String.join(", ", nodes),
          target.kind(),
          concurrency,
          duration,
          warmup,
          readRatio,
          keys,
          valueSize);
      Bench.Settings settings =
          new Bench.Settings(
              concurrency,
              Duration.ofSeconds(duration),
              Duration.ofSeconds(warmup),
              readRatio,
              nodes,
              keys,
              valueSize,
              seed);
      Bench bench = new Bench(target, settings);
      if (readRatio > 0) {
        bench.preload();
      }
      Bench.Result result = bench.run(Optional.ofNullable(cpuOf).map(CpuMeter::new));
      System.out.println(result.puts().line());
      System.out.println(result.gets().line());
      System.out.printf(
          "total: %.1f ops/s%n", result.puts().opsPerSecond() + result.gets().opsPerSecond());
      result.cpu().ifPresent(cpu -> System.out.println(cpu.line()));
      if (result.firstError() != null) {
        System.err.println("first error: " + result.firstError());
        return 1;
      }
      return 0;
    }
  }

  /** The cluster under load: etcd when --etcd is given, else the config's CAP Lab nodes. */
  BenchTarget openTarget() throws ConfigException {
    if (etcd != null) {
      return new EtcdTarget(etcd, DEADLINE);
    }
    ClusterConfig cluster = config.load();
    List<String> nodes = node == null ? cluster.ids() : List.of(ConfigOption.node(cluster, node));
    return new StoreTarget(new StoreClient(cluster, DEADLINE), nodes, cluster);
  }
}
