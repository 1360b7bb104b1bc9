package dev.caplab.nemesis;

import dev.caplab.core.history.Operation.Outcome;
import io.grpc.Status;
import java.net.ConnectException;

/**
 * What a failed client call means for the history. A put counts as {@code fail} only when it
 * certainly had no effect; anything that may have reached the protocol is {@code unknown}:
 *
 * <ul>
 *   <li>success=false: a 2PC abort, logged before the answer (presumed abort): no effect.
 *   <li>INVALID_ARGUMENT, FAILED_PRECONDITION: refused before the protocol ran.
 *   <li>UNAVAILABLE "is recovering" / "still opening its store" / "is stopping", or a connection
 *       that could not be opened: refused before the protocol ran.
 *   <li>Any other UNAVAILABLE is unknown: a quorum write that got some acks but not enough leaves a
 *       partial write a later read may complete; a connection lost mid-call may have delivered the
 *       put.
 *   <li>DEADLINE_EXCEEDED, CANCELLED, INTERNAL and the rest: unknown (a 2PC put may still commit
 *       after the client gave up, and a slave's forward may have reached the master).
 * </ul>
 *
 * Gets change nothing: a timed-out get is unknown, any other error fail; the checker ignores both.
 * Stateless.
 */
final class Outcomes {

  private Outcomes() {}

  static Outcome ofFailedPut(Throwable error) {
    Status status = Status.fromThrowable(error);
    return switch (status.getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION -> Outcome.FAIL;
      case UNAVAILABLE -> refusedBeforeTheProtocol(status, error) ? Outcome.FAIL : Outcome.UNKNOWN;
      default -> Outcome.UNKNOWN;
    };
  }

  static Outcome ofFailedGet(Throwable error) {
    Status.Code code = Status.fromThrowable(error).getCode();
    return code == Status.Code.DEADLINE_EXCEEDED || code == Status.Code.CANCELLED
        ? Outcome.UNKNOWN
        : Outcome.FAIL;
  }

  private static boolean refusedBeforeTheProtocol(Status status, Throwable error) {
    String description = status.getDescription() == null ? "" : status.getDescription();
    if (description.endsWith(" is recovering; retry shortly")
        || description.endsWith(" is still opening its store")
        || description.endsWith(" is stopping")) {
      return true;
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true; // nothing was sent
      }
    }
    return false;
  }
}
