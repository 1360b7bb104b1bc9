package dev.caplab.cli;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What `caplab bench` drives: a CAP Lab cluster or an etcd cluster. Called from every bench thread
 * at once; must be thread-safe. A failed request fails its future; the bench counts it as an error.
 */
interface BenchTarget extends AutoCloseable {

  /**
   * The names of the nodes the bench sends to, round robin; each is a valid first argument below.
   */
  List<String> nodes();

  /** A short description for the bench's header line, e.g. "centralized" or "etcd". */
  String kind();

  CompletableFuture<?> put(String node, String key, String value);

  CompletableFuture<?> get(String node, String key);

  @Override
  void close();
}
