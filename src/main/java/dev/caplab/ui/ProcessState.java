package dev.caplab.ui;

/** The life of one node process as the supervisor sees it. */
enum ProcessState {
  STOPPED,
  STARTING,
  SERVING,
  /** The process ended on its own (crash or failed start). */
  EXITED,
  /** The process was SIGKILLed on purpose. */
  KILLED,
  /**
   * An attached node (running on its own host) that neither answers nor has a supervisor that could say why: its
   * process or host is down, or the network between is cut.
   */
  UNREACHABLE
}
