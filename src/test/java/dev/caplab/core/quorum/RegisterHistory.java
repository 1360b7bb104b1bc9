package dev.caplab.core.quorum;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recorded history of puts and gets on one key, for {@link LinearizabilityChecker}. Clients record the
 * call before sending and the outcome after the answer. Thread-safe.
 */
public final class RegisterHistory {

  /** What an operation did. */
  public enum Kind { PUT, GET }

  /**
   * One operation: for a put, value is what it wrote; for a get, what it read (null = not found). ret is
   * Long.MAX_VALUE for a put whose outcome is unknown (it failed: it may still take effect at any later time).
   */
  public record Operation(int id, String client, Kind kind, String value, long call, long ret) {

    @Override
    public String toString() {
      return client + " " + kind.name().toLowerCase() + (kind == Kind.PUT ? "(" + value + ")" : "->" + value)
          + " [" + call + ", " + (ret == Long.MAX_VALUE ? "?" : ret) + "]";
    }
  }

  /** An operation in flight. */
  public final class Call {
    private final String client;
    private final Kind kind;
    private final String written;
    private final long start = System.nanoTime();

    private Call(String client, Kind kind, String written) {
      this.client = client;
      this.kind = kind;
      this.written = written;
    }

    /** The put was acknowledged. */
    public void putOk() {
      add(new Operation(ids.getAndIncrement(), client, kind, written, start, System.nanoTime()));
    }

    /** The get answered; null when not found. */
    public void read(String value) {
      add(new Operation(ids.getAndIncrement(), client, kind, value, start, System.nanoTime()));
    }

    /** The request failed: a put may or may not have taken effect, a failed get says nothing. */
    public void failed() {
      if (kind == Kind.PUT) {
        add(new Operation(ids.getAndIncrement(), client, kind, written, start, Long.MAX_VALUE));
      }
    }
  }

  private final AtomicInteger ids = new AtomicInteger();
  private final List<Operation> operations = new ArrayList<>();

  public Call put(String client, String value) {
    return new Call(client, Kind.PUT, value);
  }

  public Call get(String client) {
    return new Call(client, Kind.GET, null);
  }

  public synchronized List<Operation> operations() {
    return List.copyOf(operations);
  }

  private synchronized void add(Operation operation) {
    operations.add(operation);
  }
}
