package dev.caplab.core.net;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process network for protocol tests: nodes register handlers; faults (down nodes, cut links,
 * delays) are set per node or per link. Thread-safe. Messages are delivered on a small scheduler so
 * that replies never run on the caller's stack, as over gRPC.
 */
public final class InMemoryNetwork implements AutoCloseable {

  private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Set<String> cutLinks = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> delayMillis = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "in-memory-network");
            t.setDaemon(true);
            return t;
          });

  public void register(String id, MessageHandler handler) {
    handlers.put(id, handler);
  }

  /** The transport a node uses to send from {@code self}. */
  public Transport transport(String self) {
    return (peer, request, timeout) -> deliver(self, peer, request, timeout);
  }

  /** The node stops answering (as if its process died). */
  public void crash(String id) {
    down.add(id);
  }

  public void recover(String id) {
    down.remove(id);
  }

  /** Messages between a and b (both ways) are lost. */
  public void cut(String a, String b) {
    cutLinks.add(a + "|" + b);
    cutLinks.add(b + "|" + a);
  }

  public void heal(String a, String b) {
    cutLinks.remove(a + "|" + b);
    cutLinks.remove(b + "|" + a);
  }

  /** The node answers every message only after this delay (like slowDown). */
  public void slow(String id, Duration delay) {
    delayMillis.put(id, delay.toMillis());
  }

  public void restore(String id) {
    delayMillis.remove(id);
  }

  private CompletableFuture<Message> deliver(
      String from, String to, Message request, Duration timeout) {
    CompletableFuture<Message> reply = new CompletableFuture<>();
    scheduler.schedule(
        () ->
            reply.completeExceptionally(
                new PeerException(
                    PeerException.Kind.TIMEOUT,
                    to,
                    to + " did not answer " + request.type() + " within " + timeout)),
        timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    MessageHandler handler = handlers.get(to);
    if (handler == null || down.contains(to) || down.contains(from)) {
      reply.completeExceptionally(
          new PeerException(PeerException.Kind.UNREACHABLE, to, to + " is unreachable"));
      return reply;
    }
    if (cutLinks.contains(from + "|" + to)) {
      return reply; // lost: only the timeout answers
    }
    long delay = delayMillis.getOrDefault(to, 0L);
    scheduler.schedule(
        () -> {
          try {
            handler
                .handle(from, request)
                .whenComplete(
                    (answer, error) -> {
                      if (down.contains(to) || cutLinks.contains(to + "|" + from)) {
                        return;
                      }
                      if (error != null) {
                        reply.completeExceptionally(error);
                      } else {
                        reply.complete(answer);
                      }
                    });
          } catch (RuntimeException e) {
            reply.completeExceptionally(e);
          }
        },
        delay,
        TimeUnit.MILLISECONDS);
    return reply;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
