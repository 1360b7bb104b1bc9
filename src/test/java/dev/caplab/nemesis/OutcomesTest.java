package dev.caplab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.Operation.Outcome;
import io.grpc.Status;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class OutcomesTest {

  @Test
  void putRefusedBeforeTheProtocolRanFailed() {
    assertThat(
            Outcomes.ofFailedPut(
                Status.INVALID_ARGUMENT.withDescription("key is empty").asRuntimeException()))
        .isEqualTo(Outcome.FAIL);
    assertThat(Outcomes.ofFailedPut(Status.FAILED_PRECONDITION.asRuntimeException()))
        .isEqualTo(Outcome.FAIL);
    assertThat(
            Outcomes.ofFailedPut(
                Status.UNAVAILABLE
                    .withDescription("master is recovering; retry shortly")
                    .asRuntimeException()))
        .isEqualTo(Outcome.FAIL);
    assertThat(
            Outcomes.ofFailedPut(
                Status.UNAVAILABLE
                    .withDescription("io exception")
                    .withCause(new ConnectException("Connection refused"))
                    .asRuntimeException()))
        .isEqualTo(Outcome.FAIL);
  }

  @Test
  void putThatMayHaveReachedTheProtocolIsUnknown() {
    // A 2PC put past its deadline may still commit; a quorum write short of acks leaves a partial
    // write.
    assertThat(Outcomes.ofFailedPut(Status.DEADLINE_EXCEEDED.asRuntimeException()))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(
            Outcomes.ofFailedPut(
                Status.UNAVAILABLE
                    .withDescription("write quorum not reached: 2 of 3 votes")
                    .asRuntimeException()))
        .isEqualTo(Outcome.UNKNOWN);
    // The connection broke mid-call (node killed): the put may have been delivered.
    assertThat(
            Outcomes.ofFailedPut(
                Status.UNAVAILABLE
                    .withDescription("io exception")
                    .withCause(new IOException("Connection reset by peer"))
                    .asRuntimeException()))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Outcomes.ofFailedPut(Status.CANCELLED.asRuntimeException()))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Outcomes.ofFailedPut(new IllegalStateException("anything else")))
        .isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void getTimeoutIsUnknownOtherErrorsFail() {
    assertThat(Outcomes.ofFailedGet(Status.DEADLINE_EXCEEDED.asRuntimeException()))
        .isEqualTo(Outcome.UNKNOWN);
    assertThat(Outcomes.ofFailedGet(Status.UNAVAILABLE.asRuntimeException()))
        .isEqualTo(Outcome.FAIL);
  }
}
