package dev.caplab.config;

/** What the 2PC master does when a slave does not answer in time. */
public enum SlaveFailurePolicy {
  /**
   * Drop the slave from the replica group and commit with the rest; it rejoins after catching up.
   */
  EXCLUDE,
  /** Abort: all-or-nothing, the textbook blocking two-phase commit. */
  STRICT
}
