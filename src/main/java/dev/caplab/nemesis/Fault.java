package dev.caplab.nemesis;

import java.util.Locale;

/** The kinds of fault a campaign injects (the --faults list). */
public enum Fault {
  /** SIGKILL a running node, master and node_1 included. */
  KILL,
  /** Start a killed node again on its data. */
  RESTART,
  /** Cut a node off from every peer both ways, or one link one way (drop rules). */
  PARTITION,
  /** slowDown a node for 1-2 s per request. */
  SLOW,
  /** Hold a node's outgoing messages for a moment, then drop or release them. */
  HOLD;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Fault parse(String text) {
    for (Fault fault : values()) {
      if (fault.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return fault;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault '" + text.trim() + "'; use kill, restart, partition, slow, hold");
  }
}
