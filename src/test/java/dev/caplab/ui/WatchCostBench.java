package dev.caplab.ui;

import dev.caplab.client.StoreClient;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.NodeConfig;
import dev.caplab.proto.observe.EventBatch;
import dev.caplab.proto.observe.EventsRequest;
import dev.caplab.proto.observe.InspectRequest;
import dev.caplab.proto.observe.ObservationGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * Benchmark, not a test: what being watched costs the nodes, as CPU per put, under the 16-client
 * flood. One cluster; rounds interleave nobody watching, a watcher on the per-event stream (as
 * {@code caplab watch} and other clients use it) and the lab's observer on the batched stream, so a
 * busy machine shifts all three alike. Prints one Markdown table.
 *
 * <pre>
 * mvn -B test-compile exec:exec -Pwatch-cost-bench [-Dbench.seconds=8] [-Dbench.port=34400]
 * </pre>
 */
public final class WatchCostBench {

  private static final int ROUNDS = 3;
  private static final long WARMUP_MILLIS = 3000;

  private WatchCostBench() {}

  /** A way of watching every node; close stops it. */
  private interface Watch extends AutoCloseable {
    long events();

    @Override
    void close();
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 34400;
    Path dir = Files.createTempDirectory("caplab-watch-cost");
    ClusterConfig config = ConfigLoader.load(TestConfigs.centralized(dir, port));
    String[] names = {"nobody", "per-event stream", "batched stream"};
    double[][] cpuPerPut = new double[names.length][ROUNDS];
    double[][] puts = new double[names.length][ROUNDS];
    double[][] watcherCpuPerPut = new double[names.length][ROUNDS];
    try (Supervisor supervisor = new Supervisor(config, dir.resolve("nodes"));
        StoreClient client = new StoreClient(config)) {
      supervisor.startAll().get(300, TimeUnit.SECONDS);
      try (FrameTimeBench.Load warm = FrameTimeBench.heavy(client, config)) {
        Thread.sleep(15_000); // JIT of nodes and client
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int mode = 0; mode < names.length; mode++) {
          try (Watch watch = watch(mode, config);
              FrameTimeBench.Load load = FrameTimeBench.heavy(client, config)) {
            Thread.sleep(WARMUP_MILLIS);
            long ok0 = load.ok();
            long nodes0 = nodesCpuNanos(supervisor);
            long own0 = ownCpuNanos();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long ok = Math.max(1, load.ok() - ok0);
            puts[mode][round] = ok / elapsed;
            cpuPerPut[mode][round] = (nodesCpuNanos(supervisor) - nodes0) / 1e3 / ok;
            watcherCpuPerPut[mode][round] = (ownCpuNanos() - own0) / 1e3 / ok;
            System.out.printf(
                Locale.ROOT,
                "round %d, %s: %.0f puts/s, nodes %.0f µs CPU per put, %d events watched%n",
                round + 1,
                names[mode],
                puts[mode][round],
                cpuPerPut[mode][round],
                watch.events());
          }
        }
      }
      supervisor.stopAll().get(60, TimeUnit.SECONDS);
    }
    StringBuilder out =
        new StringBuilder(
            "| watcher | puts/s (each round) | nodes' CPU per put, µs (each round) |"
                + " this process's CPU per put, µs (clients + watcher) |\n|---|---|---|---|\n");
    for (int mode = 0; mode < names.length; mode++) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s |%n",
              names[mode],
              join(puts[mode]),
              join(cpuPerPut[mode]),
              join(watcherCpuPerPut[mode])));
    }
    out.append("load average: ").append(Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println(out);
    System.exit(0);
  }

  private static Watch watch(int mode, ClusterConfig config) {
    AtomicLong events = new AtomicLong();
    if (mode == 0) {
      return watch(events, () -> {});
    }
    List<ManagedChannel> channels = new ArrayList<>();
    for (NodeConfig node : config.nodes()) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(node.ip(), node.port()).usePlaintext().build();
      channels.add(channel);
      // From the node's newest event on, so no round streams a backlog.
      long last =
          ObservationGrpc.newBlockingStub(channel)
              .inspect(InspectRequest.newBuilder().setMaxKeys(1).setLogLines(1).build())
              .getLastSeq();
      EventsRequest request = EventsRequest.newBuilder().setFromSeq(last + 1).build();
      if (mode == 1) {
        ObservationGrpc.newStub(channel).events(request, counting(events, e -> 1));
      } else {
        ObservationGrpc.newStub(channel)
            .eventBatches(request, counting(events, EventBatch::getEventsCount));
      }
    }
    return watch(events, () -> channels.forEach(ManagedChannel::shutdownNow));
  }

  /** Counts what arrives; gRPC asks for the next message as each one is handled. */
  private static <T> StreamObserver<T> counting(AtomicLong events, ToIntFunction<T> size) {
    return new StreamObserver<T>() {
      public void onNext(T message) {
        events.addAndGet(size.applyAsInt(message));
      }

      public void onError(Throwable t) {}

      public void onCompleted() {}
    };
  }

  private static Watch watch(AtomicLong events, Runnable close) {
    return new Watch() {
      public long events() {
        return events.get();
      }

      public void close() {
        close.run();
      }
    };
  }

  private static String join(double[] values) {
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", v));
    }
    return s.toString();
  }

  private static long nodesCpuNanos(Supervisor supervisor) throws IOException {
    long total = 0;
    for (String id : supervisor.ids()) {
      long pid = supervisor.pid(id).orElseThrow();
      String[] stat =
          Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
      long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime + stime
      total += ticks * 10_000_000L; // USER_HZ = 100
    }
    return total;
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
