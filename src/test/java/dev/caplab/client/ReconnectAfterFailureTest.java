package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigLoader;
import dev.caplab.server.Node;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose connection attempt to a node failed (the node was down) reaches it with its first
 * call once the node is back, even when the node takes a while to finish the connection (a JVM just
 * started, on busy cores): gRPC keeps such a channel failing every call until an attempt succeeds,
 * so each call must wait for an attempt of its own. A proxy in front of the node holds each new
 * connection for {@link #HANDSHAKE_DELAY} before passing it on, as a cold node does.
 */
class ReconnectAfterFailureTest {

  private static final int NODE_PORT = 20110;
  private static final int PROXY_PORT = 20111;
  private static final Duration HANDSHAKE_DELAY = Duration.ofMillis(600);

  @TempDir Path dir;
  private Node node;
  private ServerSocket proxy;
  private StoreClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void theFirstCallAfterTheNodeIsBackReachesIt() throws Exception {
    ClusterConfig atNode = config("node.yaml", NODE_PORT);
    ClusterConfig throughProxy = config("proxy.yaml", PROXY_PORT);
    client = new StoreClient(throughProxy, Duration.ofSeconds(5));
    assertThatThrownBy(() -> client.get("master", "k").join())
        .as("nothing listens yet")
        .isInstanceOf(CompletionException.class)
        .hasMessageContaining("UNAVAILABLE");

    node = new Node(atNode, "master", dir.resolve("data"));
    node.start();
    node.ready().get(10, TimeUnit.SECONDS);
    proxy = new ServerSocket(PROXY_PORT, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptSlowly);

    assertThat(client.get("master", "k").get(5, TimeUnit.SECONDS))
        .as(
            "the node serves: the call waits for its connection instead of repeating the old failure")
        .isEmpty();
  }

  private ClusterConfig config(String name, int port) throws Exception {
    return ConfigLoader.load(
        Files.writeString(dir.resolve(name), "master: {ip: 127.0.0.1, port: " + port + "}\n"));
  }

  private void acceptSlowly() {
    while (!proxy.isClosed()) {
      try {
        Socket in = proxy.accept();
        daemon(
            () -> {
              try (in;
                  Socket out = new Socket(InetAddress.getLoopbackAddress(), NODE_PORT)) {
                Thread.sleep(HANDSHAKE_DELAY.toMillis());
                Thread back = daemon(() -> pipe(out, in));
                pipe(in, out);
                back.join();
              } catch (IOException | InterruptedException e) {
                // the client or the node closed the connection: the test is over
              }
            });
      } catch (IOException e) {
        return; // closed by stop()
      }
    }
  }

  private static Thread daemon(Runnable work) {
    Thread t = new Thread(work, "slow-proxy");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pipe(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      in.transferTo(out);
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }
}
