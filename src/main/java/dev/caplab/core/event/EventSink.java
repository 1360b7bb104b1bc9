package dev.caplab.core.event;

/**
 * Where protocol code reports what it does. Called from any thread; must be thread-safe and must
 * not block.
 */
@FunctionalInterface
public interface EventSink {

  /** A sink that drops everything, for tests that do not observe. */
  EventSink NONE = event -> {};

  void emit(ProtocolEvent event);
}
