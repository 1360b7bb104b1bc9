package dev.caplab.cli;

import dev.caplab.client.SupervisorClient;
import dev.caplab.client.SupervisorClient.NodeProcessInfo;
import dev.caplab.config.ClusterConfig;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * `caplab fail`, `caplab recover` and `caplab ps`: the supervisors of `caplab cluster --only`,
 * driven from any machine that has the config (and its admin_token).
 */
final class SuperviseCommand {

  private SuperviseCommand() {}

  @Command(
      name = "fail",
      mixinStandardHelpOptions = true,
      description =
          "SIGKILLs node ID through the supervisor next to it (`caplab cluster --only`, on any host).")
  static final class Fail extends OneNode {
    Fail() {
      super("killed (SIGKILL)", SupervisorClient::fail);
    }
  }

  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description =
          "Starts node ID again on its data through the supervisor next to it; returns once it serves.")
  static final class Recover extends OneNode {
    Recover() {
      super("serving again", SupervisorClient::recover);
    }
  }

  @Command(
      name = "ps",
      mixinStandardHelpOptions = true,
      description =
          "Lists every node of the config with its process state, as the supervisor next to it sees it.")
  static final class Ps implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Override
    public Integer call() throws Exception {
      ClusterConfig cluster = config.load();
      try (SupervisorClient client = new SupervisorClient(cluster)) {
        List<CompletableFuture<List<NodeProcessInfo>>> lists =
            cluster.ids().stream().map(client::list).toList();
        for (int i = 0; i < lists.size(); i++) {
          String id = cluster.ids().get(i);
          String where = cluster.node(id).address();
          try {
            NodeProcessInfo p =
                lists.get(i).join().stream()
                    .filter(n -> n.node().equals(id))
                    .findFirst()
                    .orElseThrow();
            System.out.println(
                id + "  " + where + "  " + p.state() + (p.pid() > 0 ? "  pid " + p.pid() : ""));
          } catch (CompletionException e) {
            System.out.println(id + "  " + where + "  ?  " + client.explain(id, e.getCause()));
          } catch (NoSuchElementException e) {
            System.out.println(
                id
                    + "  "
                    + where
                    + "  ?  the supervisor at "
                    + client.address(id)
                    + " runs other nodes: "
                    + lists.get(i).join().stream().map(NodeProcessInfo::node).toList());
          }
        }
      }
      return 0;
    }
  }

  /** A command that acts on one node through its supervisor and says what it did. */
  private abstract static class OneNode implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(index = "0", paramLabel = "ID")
    String node;

    private final String done;
    private final BiFunction<SupervisorClient, String, CompletableFuture<NodeProcessInfo>> action;

    OneNode(
        String done,
        BiFunction<SupervisorClient, String, CompletableFuture<NodeProcessInfo>> action) {
      this.done = done;
      this.action = action;
    }

    @Override
    public Integer call() throws Exception {
      ClusterConfig cluster = config.load();
      String id = ConfigOption.node(cluster, node);
      try (SupervisorClient client = new SupervisorClient(cluster)) {
        try {
          NodeProcessInfo p = action.apply(client, id).join();
          System.out.println(
              id + " " + done + " (" + p.state() + (p.pid() > 0 ? ", pid " + p.pid() : "") + ")");
          return 0;
        } catch (CompletionException e) {
          System.err.println("error: " + client.explain(id, e.getCause()));
          return 1;
        }
      }
    }
  }
}
