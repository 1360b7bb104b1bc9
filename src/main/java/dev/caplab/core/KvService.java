package dev.caplab.core;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store as a client sees it. Called from gRPC threads; must be thread-safe and must not block:
 * results arrive on the returned futures, which fail with {@link KvException} when a request cannot
 * be served correctly.
 */
public interface KvService {

  /**
   * Completes once the write is durable on every replica that counts toward the acknowledgement.
   */
  CompletableFuture<Void> put(String key, String value);

  /** Completes with the latest acknowledged value, or empty when the key was never written. */
  CompletableFuture<Optional<String>> get(String key);
}
