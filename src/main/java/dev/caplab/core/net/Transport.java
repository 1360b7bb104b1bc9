package dev.caplab.core.net;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Sends protocol messages to peers. Thread-safe; never blocks the caller. The future completes with
 * the peer's reply, or fails with {@link PeerException} when the peer is unreachable, drops the
 * message or does not answer within the timeout.
 */
public interface Transport {

  CompletableFuture<Message> call(String peer, Message request, Duration timeout);
}
