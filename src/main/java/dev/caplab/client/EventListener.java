package dev.caplab.client;

import java.util.List;

/**
 * Receives a cluster's merged event flow. Called on the executor the listener was registered with.
 */
public interface EventListener {

  /** Events in an order consistent with causality (Lamport clock, then node id, then seq). */
  void onEvents(List<NodeEvent> batch);

  /** A node's stream was (re)connected or lost. */
  default void onConnection(String node, boolean connected) {}

  /** Events fromSeq..toSeq of a node fell out of its buffer before they could be read. */
  default void onGap(String node, long fromSeq, long toSeq) {}
}
