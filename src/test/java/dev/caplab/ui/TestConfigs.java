package dev.caplab.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config files for UI tests, on ports of this suite's range (24000-24999). */
final class TestConfigs {

  /**
   * Generous: on a busy test machine a cold node's first answers can take longer than the 500 ms
   * default.
   */
  static final int TIMEOUT_MS = 3000;

  private TestConfigs() {}

  static Path centralized(Path dir, int basePort) {
    return write(
        dir.resolve("centralized.yaml"),
        """
        on_slave_failure: exclude
        prepare_timeout_ms: %d
        commit_timeout_ms: %d
        master: {ip: 127.0.0.1, port: %d}
        slaves:
          - {id: slave_1, ip: 127.0.0.1, port: %d}
          - {id: slave_2, ip: 127.0.0.1, port: %d}
        """
            .formatted(TIMEOUT_MS, TIMEOUT_MS, basePort, basePort + 1, basePort + 2));
  }

  static Path decentralized(Path dir, int basePort) {
    return write(
        dir.resolve("decentralized.yaml"),
        """
        read_quorum: 2
        write_quorum: 3
        request_timeout_ms: %d
        nodes:
          - {id: node_0, ip: 127.0.0.1, port: %d, weight: 1}
          - {id: node_1, ip: 127.0.0.1, port: %d, weight: 2}
          - {id: node_2, ip: 127.0.0.1, port: %d, weight: 1}
        """
            .formatted(TIMEOUT_MS, basePort, basePort + 1, basePort + 2));
  }

  /** Quorums that do not intersect: the loader must refuse them. */
  static Path invalid(Path dir) {
    return write(
        dir.resolve("broken.yaml"),
        """
        read_quorum: 1
        write_quorum: 1
        nodes:
          - {id: a, ip: 127.0.0.1, port: 24990}
          - {id: b, ip: 127.0.0.1, port: 24991}
        """);
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
