package dev.caplab.server;

import dev.caplab.core.Inspectable;
import dev.caplab.core.Replica;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Versioned;
import dev.caplab.proto.observe.KeyEntry;
import dev.caplab.proto.observe.NodeState;
import dev.caplab.proto.observe.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Describes one node for the inspector: status, data with versions, transactions, log tail.
 * Thread-safe.
 */
final class Inspector {

  static final int DEFAULT_MAX_KEYS = 1000;
  static final int DEFAULT_LOG_LINES = 50;
  private static final int MAX_LOG_LINES = 2000;
  private static final int MAX_VALUE_CHARS = 200;

  private final String nodeId;
  private final Supplier<Optional<Replica>> replica;
  private final Supplier<Optional<DurableStore>> store;
  private final Path logFile;
  private final IntSupplier slowSeconds;

  /**
   * @param replica the node's replica once it exists
   * @param store the node's store once it is open
   * @param logFile the node process's log (may not exist yet)
   * @param slowSeconds the current slowDown in seconds, 0 when not slowed
   */
  Inspector(
      String nodeId,
      Supplier<Optional<Replica>> replica,
      Supplier<Optional<DurableStore>> store,
      Path logFile,
      IntSupplier slowSeconds) {
    this.nodeId = nodeId;
    this.replica = replica;
    this.store = store;
    this.logFile = logFile;
    this.slowSeconds = slowSeconds;
  }

  NodeState inspect(int maxKeys, int logLines, long lastSeq, long incarnation) throws IOException {
    int keys = maxKeys <= 0 ? DEFAULT_MAX_KEYS : maxKeys;
    int lines = logLines <= 0 ? DEFAULT_LOG_LINES : Math.min(logLines, MAX_LOG_LINES);
    int slow = slowSeconds.getAsInt();
    Optional<Replica> r = replica.get();
    SortedMap<String, Versioned> data =
        store.get().map(DurableStore::snapshot).orElse(Collections.emptySortedMap());
    NodeState.Builder state =
        NodeState.newBuilder()
            .setNode(nodeId)
            .setStatus(r.map(Replica::status).orElse("starting"))
            .setKeyCount(data.size())
            .setLastSeq(lastSeq)
            .setIncarnation(incarnation)
            .setSlowSeconds(slow);
    data.entrySet().stream().limit(keys).forEach(e -> state.addEntries(entry(e)));
    if (r.isPresent() && r.get() instanceof Inspectable inspectable) {
      for (Inspectable.TxView tx : inspectable.transactions()) {
        state.addTransactions(
            Transaction.newBuilder()
                .setTxId(tx.txId())
                .setKey(tx.key())
                .setState(tx.state())
                .setDetail(tx.detail()));
      }
    }
    state.addAllLogTail(LogTail.read(logFile, lines));
    return state.build();
  }

  private static KeyEntry entry(Map.Entry<String, Versioned> e) {
    return KeyEntry.newBuilder()
        .setKey(e.getKey())
        .setValue(shorten(e.getValue().value()))
        .setVersion(e.getValue().version().toString())
        .build();
  }

  /** Values can be up to a megabyte: the inspector shows their start, so one answer stays small. */
  static String shorten(String value) {
    return value.length() <= MAX_VALUE_CHARS
        ? value
        : value.substring(0, MAX_VALUE_CHARS) + "... (" + value.length() + " chars)";
  }
}
