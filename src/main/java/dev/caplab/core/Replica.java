package dev.caplab.core;

import dev.caplab.core.net.MessageHandler;
import java.util.concurrent.CompletableFuture;

/**
 * One node's replication protocol: it serves clients ({@link KvService}) and its peers' messages
 * ({@link MessageHandler}). Called from gRPC threads; must be thread-safe.
 */
public interface Replica extends KvService, MessageHandler, AutoCloseable {

  /** Recovers and catches up; completes when the node may serve (the node then reports SERVING). */
  CompletableFuture<Void> start();

  /** A short status for observers: serving, recovering, in-doubt, excluded... */
  String status();

  @Override
  void close();
}
