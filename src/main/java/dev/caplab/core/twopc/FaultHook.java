package dev.caplab.core.twopc;

/**
 * Test-only crash points of the coordinator. Called on protocol threads; implementations must be
 * thread-safe. The production hook does nothing unless the node was started to crash at a point.
 */
@FunctionalInterface
public interface FaultHook {

  FaultHook NONE = point -> { };

  /** Where the coordinator can be made to crash. */
  enum Point {
    /** Every vote is in and the PREPARE record is on disk; COMMIT is not yet logged. */
    AFTER_PREPARE,
    /** The COMMIT record is on disk; no slave has been told and the client has no answer. */
    AFTER_COMMIT
  }

  /** Called when the coordinator reaches the point; may halt the process or throw to stop the transaction. */
  void reached(Point point);
}
