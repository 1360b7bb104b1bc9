package dev.caplab.server;

import dev.caplab.core.net.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Decides the fate of every message this node sends to a peer (requests and replies): the fault rules
 * of the admin service. Called from gRPC threads; must be thread-safe and must not block. The future
 * completes with true to deliver the message (possibly later: delay, hold) or false to lose it.
 */
@FunctionalInterface
public interface OutboundFilter {

  OutboundFilter PASS = (peer, message) -> CompletableFuture.completedFuture(true);

  CompletableFuture<Boolean> admit(String peer, Message message);
}
