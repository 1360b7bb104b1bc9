package dev.caplab.cli;

import dev.caplab.config.NodeConfig;
import dev.caplab.core.Failures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Turns a failed call into one line for a person. */
final class Errors {

  private Errors() {}

  static String describe(StatusRuntimeException error) {
    Status status = error.getStatus();
    return status.getCode()
        + (status.getDescription() == null ? "" : ": " + status.getDescription());
  }

  /** The failure of a call to node, naming the node and, when it is not running, saying so. */
  static String describe(NodeConfig node, Throwable error) {
    Throwable cause = Failures.unwrap(error);
    String where = node.id() + " (" + node.address() + ")";
    if (!(cause instanceof StatusRuntimeException status)) {
      return where + ": " + cause;
    }
    if (status.getStatus().getCode() == Status.Code.UNAVAILABLE
        && status.getStatus().getCause() != null) {
      return where
          + ": UNAVAILABLE: cannot connect; is the cluster running? (`caplab cluster --config ...`)";
    }
    return where + ": " + describe(status);
  }
}
