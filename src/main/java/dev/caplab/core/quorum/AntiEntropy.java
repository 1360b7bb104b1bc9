package dev.caplab.core.quorum;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.core.net.Transport;
import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;

/**
 * Background catch-up: this node compares key versions with each peer in turn and pulls the values
 * the peer holds newer (or that it lacks), so a node that missed writes while down stops needing
 * read repairs. A pass pages through this node's keys in key order:
 *
 * <pre>
 *  node_0 (behind)                                  node_1
 *    |--anti-entropy-digest (keys a..f with versions, fingerprint of all)-->|
 *    |<--anti-entropy-delta (entries in a..f newer on node_1)---------------|   stored if still newer
 *    |--anti-entropy-digest (keys after f ... to the end)------------------>|
 *    |<--anti-entropy-delta (done)------------------------------------------|
 * </pre>
 *
 * When the fingerprints match the first answer is "in sync" and the pass with that peer ends.
 * Pulling is safe at any time: spreading a version to more nodes is what a read repair does.
 * Thread-safe; one pass at a time ({@link #trigger}).
 */
final class AntiEntropy {

  private final List<String> peers;
  private final DurableStore store;
  private final Transport transport;
  private final SnapshotCache snapshots;
  private final EventSink events;
  private final QuorumSettings settings;
  private final int maxBytes;
  private CompletableFuture<Integer> current; // guarded by this
  private volatile boolean pulling;
  private volatile boolean everyPeerAnswered;

  AntiEntropy(
      List<String> peers,
      DurableStore store,
      Transport transport,
      SnapshotCache snapshots,
      EventSink events,
      QuorumSettings settings,
      int maxBytes) {
    this.peers = List.copyOf(peers);
    this.store = store;
    this.transport = transport;
    this.snapshots = snapshots;
    this.events = events;
    this.settings = settings;
    this.maxBytes = maxBytes;
  }

  /** Whether every peer answered in the last complete pass. */
  boolean everyPeerAnswered() {
    return everyPeerAnswered;
  }

  /** Whether a pass is pulling values right now. */
  boolean pulling() {
    return pulling;
  }

  /** Starts a pass unless one is running; completes with the number of values that pass pulled. */
  synchronized CompletableFuture<Integer> trigger() {
    if (current != null && !current.isDone()) {
      return current;
    }
    current = pass();
    return current;
  }

  private CompletableFuture<Integer> pass() {
    Map<String, Integer> pulledFrom = new LinkedHashMap<>();
    CompletableFuture<Void> chain;
    SnapshotCache.Snapshot mine;
    try {
      mine = snapshots.recent(Duration.ZERO);
      chain = CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    for (String peer : peers) {
      chain =
          chain.thenCompose(
              ignored ->
                  syncWith(peer, mine, "", true, 0)
                      .thenAccept(pulled -> pulledFrom.put(peer, pulled))
                      .exceptionally(error -> null));
    }
    return chain.handle(
        (ignored, error) -> {
          int total = pulledFrom.values().stream().mapToInt(Integer::intValue).sum();
          everyPeerAnswered = pulledFrom.size() == peers.size();
          if (pulling) {
            pulling = false;
            List<String> sources = new ArrayList<>();
            pulledFrom.forEach(
                (peer, pulled) -> {
                  if (pulled > 0) {
                    sources.add(pulled + " from " + peer);
                  }
                });
            events.emit(
                ProtocolEvent.nodeStatus(
                    "serving", "anti-entropy caught up: pulled " + String.join(", ", sources)));
          }
          return total;
        });
  }

  private CompletableFuture<Integer> syncWith(
      String peer, SnapshotCache.Snapshot mine, String after, boolean first, int pulledSoFar) {
    SortedMap<String, Versioned> rest =
        after.isEmpty() ? mine.entries() : mine.entries().tailMap(after + '\0');
    List<KeyVersion> page = new ArrayList<>();
    int bytes = 0;
    Iterator<Map.Entry<String, Versioned>> it = rest.entrySet().iterator();
    while (it.hasNext() && page.size() < settings.digestPageKeys() && bytes < maxBytes / 2) {
      Map.Entry<String, Versioned> entry = it.next();
      page.add(new KeyVersion(entry.getKey(), entry.getValue().version()));
      bytes += utf8(entry.getKey()) + 16;
    }
    String lastKey = it.hasNext() ? page.get(page.size() - 1).key() : "";
    Digest digest =
        new Digest(after, lastKey, page, first, mine.fingerprint(), mine.entries().size());
    return transport
        .call(peer, digest, settings.antiEntropyCallTimeout())
        .thenCompose(
            reply -> {
              if (!(reply instanceof Delta delta)) {
                throw new IllegalStateException(peer + " answered a digest with " + reply.type());
              }
              return apply(peer, delta)
                  .thenCompose(
                      pulled -> {
                        int total = pulledSoFar + pulled;
                        if (delta.inSync() || (delta.done() && lastKey.isEmpty())) {
                          return CompletableFuture.completedFuture(total);
                        }
                        String next = delta.done() ? lastKey : delta.coveredTo();
                        return syncWith(peer, mine, next, false, total);
                      });
            });
  }

  private CompletableFuture<Integer> apply(String peer, Delta delta) {
    if (delta.entries().isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    if (!pulling) {
      pulling = true;
      events.emit(ProtocolEvent.nodeStatus("anti-entropy", "pulling newer values from " + peer));
    }
    List<CompletableFuture<Boolean>> puts = new ArrayList<>();
    for (Map.Entry<String, Versioned> entry : delta.entries()) {
      Versioned value = entry.getValue();
      puts.add(store.put(entry.getKey(), value.value(), value.version()));
    }
    return CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new))
        .thenApply(done -> (int) puts.stream().filter(CompletableFuture::join).count());
  }

  /** Answers a peer's digest from a recent snapshot of this node's store. */
  Delta answer(Digest digest) {
    SnapshotCache.Snapshot mine = snapshots.recent(settings.snapshotMaxAge());
    if (digest.firstPage()
        && digest.fingerprint() == mine.fingerprint()
        && digest.keyCount() == mine.entries().size()) {
      return new Delta(List.of(), "", true, true);
    }
    Map<String, Version> theirs = new HashMap<>();
    for (KeyVersion entry : digest.entries()) {
      theirs.put(entry.key(), entry.version());
    }
    SortedMap<String, Versioned> range =
        digest.afterKey().isEmpty()
            ? mine.entries()
            : mine.entries().tailMap(digest.afterKey() + '\0');
    if (!digest.lastKey().isEmpty()) {
      range = range.headMap(digest.lastKey() + '\0');
    }
    List<Map.Entry<String, Versioned>> newer = new ArrayList<>();
    int bytes = 0;
    for (Map.Entry<String, Versioned> entry : range.entrySet()) {
      Version known = theirs.getOrDefault(entry.getKey(), Version.ZERO);
      if (!entry.getValue().version().isNewerThan(known)) {
        continue;
      }
      int size = utf8(entry.getKey()) + utf8(entry.getValue().value()) + 32;
      if (!newer.isEmpty() && bytes + size > maxBytes) {
        // Stop at a size the transport accepts (one entry always fits); the peer asks again from
        // here.
        return new Delta(newer, newer.get(newer.size() - 1).getKey(), false, false);
      }
      newer.add(entry);
      bytes += size;
    }
    return new Delta(newer, digest.lastKey(), true, false);
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
