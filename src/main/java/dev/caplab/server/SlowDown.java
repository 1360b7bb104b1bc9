package dev.caplab.server;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.event.ProtocolEvent;
import dev.caplab.proto.store.KeyValueStoreGrpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's slowDown setting, shared by the store and admin services, and the interceptor that
 * applies it to every incoming call (client and peer alike). Thread-safe. A slowed call waits on
 * the scheduler, never on a gRPC thread; control calls (health, reflection, slowDown, restore,
 * services registered with {@link #exemptService}) are never delayed, so a node can always be
 * restored and probed.
 */
public final class SlowDown {

  private final ScheduledExecutorService scheduler;
  private final EventSink events;
  private final Set<String> exemptServices =
      new CopyOnWriteArraySet<>(
          Set.of(
              "grpc.health.v1.Health",
              "grpc.reflection.v1.ServerReflection",
              "grpc.reflection.v1alpha.ServerReflection"));
  private final Set<String> exemptMethods =
      new CopyOnWriteArraySet<>(
          Set.of(
              KeyValueStoreGrpc.getSlowDownMethod().getFullMethodName(),
              KeyValueStoreGrpc.getRestoreMethod().getFullMethodName()));
  private volatile int seconds;

  public SlowDown(ScheduledExecutorService scheduler, EventSink events) {
    this.scheduler = scheduler;
    this.events = events;
  }

  /** Delays every later call by seconds (0 restores). */
  public void slowDown(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("slowDown seconds must be 0 or more, not " + seconds);
    }
    this.seconds = seconds;
    events.emit(
        seconds == 0
            ? ProtocolEvent.nodeStatus("serving", "restored")
            : ProtocolEvent.nodeStatus("slowed", "every request waits " + seconds + " s"));
  }

  public void restore() {
    slowDown(0);
  }

  public int seconds() {
    return seconds;
  }

  /** Calls to this service (e.g. "caplab.admin.Admin") are never delayed. */
  public void exemptService(String serviceName) {
    exemptServices.add(serviceName);
  }

  /**
   * Calls to this method (full name) are never delayed here, e.g. a stream that delays each message
   * itself.
   */
  public void exemptMethod(String fullMethodName) {
    exemptMethods.add(fullMethodName);
  }

  public ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        int delay = seconds;
        String method = call.getMethodDescriptor().getFullMethodName();
        if (delay == 0
            || exemptMethods.contains(method)
            || exemptServices.contains(call.getMethodDescriptor().getServiceName())) {
          return next.startCall(call, headers);
        }
        Delayed<Q> delayed = new Delayed<>(next.startCall(call, headers));
        scheduler.schedule(delayed::release, delay, TimeUnit.SECONDS);
        return delayed;
      }
    };
  }

  /**
   * Holds a call's listener events until released, then replays them in order. gRPC starts the
   * handler on half-close, so holding that event holds the request. A call cancelled while held
   * (the caller's deadline passed) is never handled: only its cancellation is delivered.
   */
  private static final class Delayed<Q> extends ServerCall.Listener<Q> {

    private final ServerCall.Listener<Q> delegate;
    private List<Runnable> pending = new ArrayList<>();
    private boolean released;
    private boolean cancelled;

    Delayed(ServerCall.Listener<Q> delegate) {
      this.delegate = delegate;
    }

    void release() {
      while (true) {
        List<Runnable> batch;
        boolean last;
        synchronized (this) {
          if (cancelled) {
            pending = new ArrayList<>();
            released = true;
            batch = List.of(delegate::onCancel);
            last = true;
          } else if (pending.isEmpty()) {
            released = true;
            return;
          } else {
            batch = pending;
            pending = new ArrayList<>();
            last = false;
          }
        }
        batch.forEach(Runnable::run);
        if (last) {
          return;
        }
      }
    }

    private void submit(Runnable event) {
      synchronized (this) {
        if (!released) {
          pending.add(event);
          return;
        }
      }
      event.run();
    }

    @Override
    public void onMessage(Q message) {
      submit(() -> delegate.onMessage(message));
    }

    @Override
    public void onHalfClose() {
      submit(delegate::onHalfClose);
    }

    @Override
    public void onCancel() {
      synchronized (this) {
        if (!released) {
          cancelled = true;
          return;
        }
      }
      delegate.onCancel();
    }

    @Override
    public void onComplete() {
      submit(delegate::onComplete);
    }

    @Override
    public void onReady() {
      submit(delegate::onReady);
    }
  }
}
