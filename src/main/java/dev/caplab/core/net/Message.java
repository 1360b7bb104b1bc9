package dev.caplab.core.net;

/**
 * A protocol message between nodes: an immutable record of the protocol's package. The accessors
 * feed the events that observers see; a message without a key, transaction or version returns "".
 */
public interface Message {

  /** Wire name, unique across protocols, e.g. "prepare", "vote-yes", "quorum-read". */
  String type();

  default String key() {
    return "";
  }

  default String txId() {
    return "";
  }

  default String version() {
    return "";
  }
}
