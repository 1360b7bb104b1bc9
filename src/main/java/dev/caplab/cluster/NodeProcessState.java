package dev.caplab.cluster;

/** What the supervisor knows about one node's process. */
public enum NodeProcessState {
  /** Not running: never started, or stopped on request. */
  STOPPED,
  /** Process launched, health not yet SERVING. */
  STARTING,
  /** Health check answered SERVING. */
  SERVING,
  /** The process ended without being asked to (see the exit code and the log). */
  EXITED,
  /** Killed on request (SIGKILL), as in a crash. */
  KILLED
}
