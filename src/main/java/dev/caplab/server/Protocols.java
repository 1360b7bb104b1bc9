package dev.caplab.server;

import dev.caplab.config.Mode;

/** Which protocol a node runs for its config's mode: the one place that chooses. */
final class Protocols {

  private Protocols() {}

  static Protocol forMode(Mode mode) {
    return switch (mode) {
      case CENTRALIZED -> new CentralizedProtocol();
      case DECENTRALIZED -> new DecentralizedProtocol();
    };
  }
}
