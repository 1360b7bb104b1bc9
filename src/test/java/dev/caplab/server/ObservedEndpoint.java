package dev.caplab.server;

import dev.caplab.core.event.EventType;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC endpoint serving one node's observation service over an event log, for tests that
 * need the stream but no protocol. {@link #restart} is a process restart: new log, new incarnation.
 */
public final class ObservedEndpoint implements AutoCloseable {

  private final String id;
  private final int port;
  private final int capacity;
  private final ScheduledExecutorService drains = Executors.newScheduledThreadPool(2);
  private EventLog log;
  private ObservationGrpcService service;
  private Server server;

  public ObservedEndpoint(String id, int port, int capacity) throws IOException {
    this.id = id;
    this.port = port;
    this.capacity = capacity;
    start(new EventLog(id, capacity, Clock.systemUTC()));
  }

  private synchronized void start(EventLog events) throws IOException {
    log = events;
    service =
        new ObservationGrpcService(
            log,
            new Inspector(id, Optional::empty, Optional::empty, Path.of("no-such.log"), () -> 0),
            drains,
            Clock.systemUTC());
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", port), InsecureServerCredentials.create())
            .addService(service)
            .build()
            .start();
  }

  /** One message from this node to other, recorded on both sides as the transport does. */
  public void send(ObservedEndpoint other, String type, String key) {
    EventLog.Stamped sent =
        log().sent(EventLog.messageEvent(EventType.SENT, type, other.id, key, "", "", "", 0));
    other
        .log()
        .received(
            EventLog.messageEvent(EventType.RECEIVED, type, id, key, "", "", "", sent.seq()),
            sent.lamport());
  }

  public synchronized EventLog log() {
    return log;
  }

  public synchronized long incarnation() {
    return service.incarnation();
  }

  /** The process dies: the server goes away with every open stream. */
  public synchronized void kill() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A new process on the same port: a fresh log (seq from 1) and a new incarnation. */
  public synchronized void restart() throws IOException {
    start(new EventLog(id, capacity, Clock.systemUTC()));
  }

  /**
   * After {@link #kill}: the same process (log, incarnation) serves again, as after a network
   * break.
   */
  public synchronized void serveAgain() throws IOException {
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", port), InsecureServerCredentials.create())
            .addService(service)
            .build()
            .start();
  }

  @Override
  public synchronized void close() throws InterruptedException {
    kill();
    drains.shutdownNow();
  }
}
