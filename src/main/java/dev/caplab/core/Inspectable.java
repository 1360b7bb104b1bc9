package dev.caplab.core;

import java.util.List;

/**
 * Optional view a replica offers the node inspector: its protocol transactions. Called from gRPC
 * threads; must be thread-safe, must not block, and returns a copy.
 */
public interface Inspectable {

  /**
   * One transaction as the inspector shows it; state e.g. PREPARED, COMMITTED, ABORTED, IN_DOUBT.
   */
  record TxView(String txId, String key, String state, String detail) {}

  /** Recent and open transactions, newest last; a bounded list. */
  List<TxView> transactions();
}
