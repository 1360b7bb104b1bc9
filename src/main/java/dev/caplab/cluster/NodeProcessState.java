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
  KILLED,
  /**
   * An attached node (running on its own host) that neither answers nor has a supervisor that could
   * say why: its process or host is down, or the network between is cut. Never reported by a local
   * supervisor.
   */
  UNREACHABLE
}
