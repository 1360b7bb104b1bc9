package dev.caplab.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A node process that did not come up; the message says why and ends with the last lines of its
 * log.
 */
public final class NodeStartException extends RuntimeException {

  private final String nodeId;
  private final Integer exitCode;
  private final Path logFile;

  NodeStartException(
      String nodeId, String reason, Integer exitCode, Path logFile, List<String> logTail) {
    super(
        "node "
            + nodeId
            + " "
            + reason
            + "; log: "
            + logFile
            + (logTail.isEmpty() ? "" : "\n  " + String.join("\n  ", logTail)),
        null,
        false,
        false);
    this.nodeId = nodeId;
    this.exitCode = exitCode;
    this.logFile = logFile;
  }

  public String nodeId() {
    return nodeId;
  }

  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  public Path logFile() {
    return logFile;
  }
}
