package dev.caplab.cli;

import dev.caplab.cluster.NodeProcessState;
import dev.caplab.cluster.Supervisor;
import dev.caplab.cluster.SupervisorServer;
import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every node of the config as its own process; prints a line with `ready` when all serve.",
      "SIGTERM or SIGINT (Ctrl-C) stops them all. A node that dies is reported with its exit code and log.",
      "With --only, runs just those nodes (a lab spread over machines) and serves the supervisor service next to",
      "each, on the node's ip at its port + supervisor_port_offset (default 1000), so a GUI or `caplab fail` /",
      "`caplab recover` elsewhere can kill and restart them; off loopback it requires the config's admin_token."
    })
final class ClusterCommand implements Callable<Integer> {

  static final String DEFAULT_DATA = "data";

  @Mixin ConfigOption config;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = DEFAULT_DATA,
      description =
          "Data root; node <id> keeps its files and node.log in DIR/<id>/. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(
      names = "--only",
      paramLabel = "ID",
      split = ",",
      description =
          "Run only these nodes of the config (comma-separated ids) on this host, with a supervisor"
              + " service next to them for a remote GUI.")
  List<String> only;

  @Override
  public Integer call() throws Exception {
    ClusterConfig cluster = config.load();
    List<String> ids = only == null ? cluster.ids() : checked(cluster, only);
    Supervisor supervisor = new Supervisor(cluster, ids, data);
    SupervisorServer served;
    try {
      served = only == null ? null : SupervisorServer.start(supervisor);
    } catch (IOException e) {
      System.err.println(e.getMessage());
      supervisor.close();
      return Main.EXIT_USAGE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("stopping " + ids.size() + " nodes");
                  if (served != null) {
                    served.close();
                  }
                  supervisor.close();
                  stopped.countDown();
                },
                "cluster-shutdown"));
    supervisor.addListener(
        (id, state) -> {
          if (state == NodeProcessState.EXITED) {
            System.err.println(
                "node "
                    + id
                    + " died: exit code "
                    + supervisor.exitCode(id).map(String::valueOf).orElse("?")
                    + "; log: "
                    + supervisor.logFile(id));
            supervisor.logTail(id, 5).forEach(line -> System.err.println("  " + line));
          }
        });
    long start = System.nanoTime();
    try {
      supervisor.startAll().join();
    } catch (CompletionException e) {
      System.err.println("cluster did not start: " + e.getCause().getMessage());
      if (served != null) {
        served.close();
      }
      supervisor.close();
      return 1;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(
        "ready: "
            + ids.size()
            + " nodes serving in "
            + millis
            + " ms ("
            + cluster.mode().name().toLowerCase()
            + ", "
            + String.join(
                " ", ids.stream().map(id -> id + "@" + cluster.node(id).address()).toList())
            + ", data in "
            + data.toAbsolutePath()
            + ")"
            + (served == null ? "" : "; supervisor on " + String.join(" ", served.addresses())));
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * The --only ids, each known to the config (a ConfigException, printed as one line, names the
   * others).
   */
  private static List<String> checked(ClusterConfig cluster, List<String> ids)
      throws ConfigException {
    List<String> distinct = new ArrayList<>();
    for (String id : ids) {
      String known = ConfigOption.node(cluster, id.trim());
      if (!distinct.contains(known)) {
        distinct.add(known);
      }
    }
    return distinct;
  }
}
