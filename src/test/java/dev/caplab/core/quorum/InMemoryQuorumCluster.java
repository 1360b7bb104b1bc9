package dev.caplab.core.quorum;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.NodeConfig;
import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.InMemoryNetwork;
import dev.caplab.core.net.Message;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real quorum replicas with real durable stores (in a temp dir) over the in-memory network: the
 * assignment's cluster, fast and without processes. Crash closes a node's replica and store;
 * restart reopens them from disk.
 */
final class InMemoryQuorumCluster implements AutoCloseable {

  /** The assignment's weights: node_1 holds 2 of the 4 votes. */
  static final String ASSIGNMENT =
      """
      read_quorum: 2
      write_quorum: 3
      request_timeout_ms: 500
      nodes:
        - {id: node_0, ip: 127.0.0.1, port: 1, weight: 1}
        - {id: node_1, ip: 127.0.0.1, port: 2, weight: 2}
        - {id: node_2, ip: 127.0.0.1, port: 3, weight: 1}
      """;

  private final Path dir;
  private final ClusterConfig config;
  private final QuorumSettings settings;
  private final InMemoryNetwork network = new InMemoryNetwork();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final Map<String, QuorumReplica> replicas = new ConcurrentHashMap<>();
  private final Map<String, DurableStore> stores = new ConcurrentHashMap<>();
  private final Map<String, List<ProtocolEvent>> events = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

  InMemoryQuorumCluster(Path dir, String yaml, QuorumSettings settings) {
    this.dir = dir;
    this.config = parse(yaml);
    this.settings = settings;
    for (NodeConfig node : config.nodes()) {
      start(node.id());
    }
  }

  static InMemoryQuorumCluster assignment(Path dir) {
    return new InMemoryQuorumCluster(dir, ASSIGNMENT, QuorumSettings.defaults());
  }

  static ClusterConfig parse(String yaml) {
    try {
      return ConfigLoader.parse(Path.of("test.yaml"), yaml);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e);
    }
  }

  QuorumReplica node(String id) {
    return replicas.get(id);
  }

  DurableStore store(String id) {
    return stores.get(id);
  }

  InMemoryNetwork network() {
    return network;
  }

  List<ProtocolEvent> events(String id) {
    return events.get(id);
  }

  /** How many messages of a type this node has sent since it (re)started. */
  int sent(String id, String type) {
    return sent.getOrDefault(id + "/" + type, new AtomicInteger()).get();
  }

  /** The process dies: no more messages, replica and store closed. */
  void crash(String id) {
    network.crash(id);
    replicas.remove(id).close();
    try {
      stores.remove(id).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private QuorumOptions options(String id) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    config.nodes().forEach(node -> weights.put(node.id(), node.weight()));
    return new QuorumOptions(
        id,
        weights,
        config.readQuorum(),
        config.writeQuorum(),
        config.requestTimeout(),
        config.maxValueBytes(),
        String.valueOf(config.source()));
  }

  /** The process starts again on its data directory. */
  void restart(String id) {
    start(id);
  }

  private void start(String id) {
    try {
      DurableStore store = DurableStore.open(dir.resolve(id));
      List<ProtocolEvent> log = new CopyOnWriteArrayList<>();
      events.put(id, log);
      EventSink sink = log::add;
      Transport counting = counting(id, network.transport(id));
      QuorumReplica replica =
          new QuorumReplica(
              options(id), store, counting, sink, scheduler, Clock.systemUTC(), settings);
      stores.put(id, store);
      replicas.put(id, replica);
      network.register(id, replica);
      network.recover(id);
      replica.start().join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Transport counting(String id, Transport transport) {
    sent.keySet().removeIf(k -> k.startsWith(id + "/"));
    return (peer, request, timeout) -> {
      sent.computeIfAbsent(id + "/" + request.type(), k -> new AtomicInteger()).incrementAndGet();
      return transport.call(peer, request, timeout);
    };
  }

  /**
   * Delivers a message to a node as if a peer had sent it (e.g. the only write of a crashed
   * coordinator).
   */
  Message deliver(String from, String to, Message message) {
    return replicas.get(to).handle(from, message).join();
  }

  @Override
  public void close() throws IOException {
    replicas.values().forEach(QuorumReplica::close);
    network.close();
    scheduler.shutdownNow();
    for (DurableStore store : stores.values()) {
      store.close();
    }
  }
}
