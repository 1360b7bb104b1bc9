package dev.caplab.server;

import dev.caplab.config.NodeConfig;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;

/**
 * Makes the builder of the gRPC server a node serves on. A node process listens with {@link #NETTY}
 * on its config address; tests pass an in-process builder, which needs no port. Stateless;
 * thread-safe.
 */
@FunctionalInterface
public interface ServerFactory {

  /** Netty on the node's ip and port, as in a real lab. */
  ServerFactory NETTY =
      self ->
          NettyServerBuilder.forAddress(
              new InetSocketAddress(self.ip(), self.port()), InsecureServerCredentials.create());

  ServerBuilder<?> builderFor(NodeConfig self);
}
