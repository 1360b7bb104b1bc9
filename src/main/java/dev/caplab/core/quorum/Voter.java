package dev.caplab.core.quorum;

import dev.caplab.core.storage.DurableStore;
import dev.caplab.core.storage.Version;
import dev.caplab.core.storage.Versioned;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One node's side of every quorum: it votes with what it durably holds and stores newer versions.
 * It only ever reports durable (fsync'd) versions, which is what lets a quorum's answer survive a
 * crash. Thread-safe: the store is.
 */
final class Voter {

  private final int weight;
  private final DurableStore store;
  private final StableMarks stable;

  Voter(int weight, DurableStore store, StableMarks stable) {
    this.weight = weight;
    this.store = store;
    this.stable = stable;
  }

  VoteGrant vote(VoteRequest request) {
    String key = request.key();
    if (request.withValue()) {
      Optional<Versioned> held = store.get(key);
      return new VoteGrant(
          key,
          held.map(Versioned::version).orElse(Version.ZERO),
          held.map(Versioned::value).orElse(""),
          stable.of(key),
          weight);
    }
    return new VoteGrant(key, store.version(key), "", stable.of(key), weight);
  }

  /** Stores entry if newer; either way the ack tells what is durably held afterwards. */
  CompletableFuture<WriteAck> store(String key, Versioned entry) {
    return store
        .put(key, entry.value(), entry.version())
        .thenApply(stored -> new WriteAck(key, store.version(key), stored));
  }

  ConfirmAck confirm(Confirm confirm) {
    for (KeyVersion entry : confirm.entries()) {
      stable.mark(entry.key(), entry.version());
    }
    return new ConfirmAck();
  }
}
