package dev.caplab.core.twopc;

/**
 * Where the coordinator tells a fault injector that it reached a {@link CrashPoint}. Called on
 * protocol threads; implementations must be thread-safe. In a node process the seam is a {@link
 * CrashSwitch}, which does nothing until an admin call arms it; tests pass their own.
 */
@FunctionalInterface
public interface CrashSeam {

  CrashSeam NONE = point -> {};

  /**
   * Called when the coordinator reaches the point; may halt the process or throw to stop the
   * transaction.
   */
  void reached(CrashPoint point);

  /** Whether reaching point would fire now (lets the coordinator give a client's answer time). */
  default boolean armedAt(CrashPoint point) {
    return false;
  }
}
