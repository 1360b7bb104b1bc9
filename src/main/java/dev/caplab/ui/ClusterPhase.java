package dev.caplab.ui;

/** Where the lab's cluster is in its life. */
enum ClusterPhase {
  IDLE,
  STARTING,
  RUNNING,
  STOPPING
}
