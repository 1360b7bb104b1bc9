package dev.caplab.core.net;

import java.util.concurrent.CompletableFuture;

/**
 * Handles protocol messages addressed to this node. Called from transport threads; must be
 * thread-safe.
 */
@FunctionalInterface
public interface MessageHandler {

  CompletableFuture<Message> handle(String from, Message request);
}
