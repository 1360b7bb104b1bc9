package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpLogTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final OpLog log = new OpLog(nanos::get);

  @Test
  void aCompletedOperationCarriesItsTimesInputAndOutput() {
    List<OpLog.Entry> seen = new ArrayList<>();
    log.addListener(
        new OpLog.Listener() {
          @Override
          public void invoked(OpLog.Pending op) {}

          @Override
          public void completed(OpLog.Pending op, OpLog.Entry done) {
            seen.add(done);
          }
        });
    nanos.addAndGet(2_000_000);
    OpLog.Pending get = log.invoke("load-1", "get", "color", "");
    nanos.addAndGet(3_000_000);
    log.complete(get, OpResult.ok("node_2", "blue", 3000));

    assertThat(seen)
        .containsExactly(
            new OpLog.Entry("load-1", "get", "color", "blue", 2000, 5000, OpLog.Outcome.OK));
    assertThat(seen.get(0).ref()).isEqualTo("load-1@2000");
    assertThat(log.inFlight()).isEmpty();
  }

  @Test
  void aPutThatTimedOutMayStillTakeEffectButOneVotedDownHadNone() {
    assertThat(OpLog.outcome("put", OpResult.failed("master", "DEADLINE_EXCEEDED", "", 0)))
        .isEqualTo(OpLog.Outcome.UNKNOWN);
    assertThat(OpLog.outcome("put", OpResult.failed("master", "UNAVAILABLE", "", 0)))
        .isEqualTo(OpLog.Outcome.UNKNOWN);
    assertThat(OpLog.outcome("put", OpResult.failed("master", "REFUSED", "aborted", 0)))
        .isEqualTo(OpLog.Outcome.FAIL);
    assertThat(OpLog.outcome("get", OpResult.failed("slave_1", "DEADLINE_EXCEEDED", "", 0)))
        .isEqualTo(OpLog.Outcome.FAIL);
    assertThat(OpLog.outcome("get", OpResult.notFound("slave_1", 0))).isEqualTo(OpLog.Outcome.OK);
  }

  @Test
  void overlappingConsoleOperationsAreDifferentClients() {
    OpLog.Pending first = log.invoke(log.claimProcess("console"), "put", "k", "1");
    OpLog.Pending second = log.invoke(log.claimProcess("console"), "put", "k", "2");
    assertThat(List.of(first.process(), second.process())).containsExactly("console", "console-2");

    log.complete(first, OpResult.ok("master", "1", 0));
    assertThat(log.claimProcess("console")).isEqualTo("console");
  }
}
