package dev.caplab.server;

import dev.caplab.core.net.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Decides the fate of every message this node sends to a peer (requests and replies): the fault
 * rules of the admin service. Called from gRPC threads; must be thread-safe and must not block. The
 * future completes with true to deliver the message (possibly later: delay, hold) or false to lose
 * it.
 */
@FunctionalInterface
public interface OutboundFilter {

  OutboundFilter PASS = (peer, message) -> CompletableFuture.completedFuture(true);

  CompletableFuture<Boolean> admit(String peer, Message message);

  /** The fate of a request: deliver or lose it, and how long it waited in hold mode. */
  record Verdict(boolean deliver, long heldNanos) {}

  /**
   * For a request that awaits a reply; time spent held does not count against the request's
   * timeout.
   */
  default CompletableFuture<Verdict> admitRequest(String peer, Message request) {
    return admit(peer, request).thenApply(deliver -> new Verdict(deliver, 0));
  }

  /** For the reply to a request this node received. */
  default CompletableFuture<Boolean> admitReply(String peer, Message reply) {
    return admit(peer, reply);
  }
}
