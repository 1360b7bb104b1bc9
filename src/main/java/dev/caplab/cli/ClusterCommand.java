package dev.caplab.cli;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Runs every node of the config as its own process; prints a line with `ready` when all serve.",
        "SIGTERM or SIGINT (Ctrl-C) stops them all. A node that dies is reported with its exit code and log."})
final class ClusterCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Data root; node <id> keeps its files and node.log in DIR/<id>/. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Override
  public Integer call() throws Exception {
    ClusterConfig cluster = config.load();
    Supervisor supervisor = new Supervisor(cluster, data);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("stopping " + cluster.nodes().size() + " nodes");
      supervisor.close();
      stopped.countDown();
    }, "cluster-shutdown"));
    supervisor.addListener((id, state) -> {
      if (state == NodeProcessState.EXITED) {
        System.err.println("node " + id + " died: exit code " + supervisor.exitCode(id).map(String::valueOf)
            .orElse("?") + "; log: " + supervisor.logFile(id));
        supervisor.logTail(id, 5).forEach(line -> System.err.println("  " + line));
      }
    });
    long start = System.nanoTime();
    try {
      supervisor.startAll().join();
    } catch (CompletionException e) {
      System.err.println("cluster did not start: " + e.getCause().getMessage());
      supervisor.close();
      return 1;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("ready: " + cluster.nodes().size() + " nodes serving in " + millis + " ms ("
        + cluster.mode().name().toLowerCase() + ", " + String.join(" ", cluster.nodes().stream()
        .map(n -> n.id() + "@" + n.address()).toList()) + ", data in " + data.toAbsolutePath() + ")");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
