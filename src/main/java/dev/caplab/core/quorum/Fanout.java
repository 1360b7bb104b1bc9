package dev.caplab.core.quorum;

import dev.caplab.core.net.Message;
import dev.caplab.core.net.PeerException;
import dev.caplab.core.net.Transport;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends one request to several nodes and feeds their answers into a {@link VoteCollector}. The node
 * itself is asked directly (no network); peers through the transport, within the request's
 * deadline. Thread-safe.
 */
final class Fanout {

  private final String self;
  private final Transport transport;
  private final ScheduledExecutorService scheduler;

  Fanout(String self, Transport transport, ScheduledExecutorService scheduler) {
    this.self = self;
    this.transport = transport;
    this.scheduler = scheduler;
  }

  <R extends Message> void ask(
      Collection<String> targets,
      Message request,
      Supplier<CompletableFuture<R>> local,
      Class<R> replyType,
      VoteCollector<R> collector,
      Deadline deadline) {
    if (collector.result().isDone()) {
      return;
    }
    long remaining = deadline.remaining().toMillis();
    // Guards against a local disk that never answers; peers have their own transport timeouts.
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> collector.expire("did not answer in time"), remaining, TimeUnit.MILLISECONDS);
    collector.result().whenComplete((tally, error) -> timer.cancel(false));
    for (String node : targets) {
      CompletableFuture<? extends Message> answer;
      if (node.equals(self)) {
        answer = local.get();
      } else if (remaining <= 0) {
        answer =
            CompletableFuture.failedFuture(
                new PeerException(PeerException.Kind.TIMEOUT, node, "no time left"));
      } else {
        answer = transport.call(node, request, deadline.remaining());
      }
      answer.whenComplete(
          (reply, error) -> {
            if (error != null) {
              collector.reject(node, error);
            } else if (replyType.isInstance(reply)) {
              collector.accept(node, replyType.cast(reply));
            } else {
              collector.reject(
                  node,
                  new IllegalStateException(
                      "answered "
                          + request.type()
                          + " with "
                          + (reply == null ? "nothing" : reply.type())));
            }
          });
    }
  }
}
