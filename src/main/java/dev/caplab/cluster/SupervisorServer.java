package dev.caplab.cluster;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.NodeConfig;
import dev.caplab.server.AdminGuard;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link Supervisor}'s nodes to other machines: the Supervise service listens next to each
 * node it runs, on the node's ip at {@link ClusterConfig#supervisorPort} (node port +
 * supervisor_port_offset), so whoever has the config finds it. Each listener is guarded by the
 * admin token when its ip is not loopback. Not thread-safe: start and close it from one thread.
 */
public final class SupervisorServer implements AutoCloseable {

  private final List<Server> servers = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();

  private SupervisorServer() {}

  /**
   * Listens for every node of supervisor; throws with a one-line reason when an address cannot be
   * bound.
   */
  public static SupervisorServer start(Supervisor supervisor) throws IOException {
    ClusterConfig config = supervisor.config();
    SupervisorServer served = new SupervisorServer();
    try {
      for (String id : supervisor.ids()) {
        NodeConfig node = config.node(id);
        int port = config.supervisorPort(node);
        Optional<String> problem = Bindable.problem(node.ip(), port);
        if (problem.isPresent()) {
          throw new IOException("the supervisor of " + id + " cannot listen: " + problem.get());
        }
        SupervisorGrpcService service =
            new SupervisorGrpcService(
                supervisor, AdminGuard.forService("supervisor", node.ip(), config.adminToken()));
        Server server =
            NettyServerBuilder.forAddress(
                    new InetSocketAddress(node.ip(), port), InsecureServerCredentials.create())
                .addService(service)
                .build()
                .start();
        served.servers.add(server);
        served.addresses.add(node.ip() + ":" + port);
      }
    } catch (IOException | RuntimeException e) {
      served.close();
      throw e;
    }
    return served;
  }

  /** ip:port of each listener, in node order. */
  public List<String> addresses() {
    return List.copyOf(addresses);
  }

  @Override
  public void close() {
    // At once: watch streams stay open until their clients go, and the nodes are going anyway.
    servers.forEach(Server::shutdownNow);
    for (Server server : servers) {
      try {
        server.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    servers.clear();
  }
}
