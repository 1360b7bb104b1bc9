package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionLogTest {

  @TempDir Path dir;

  @Test
  void coordinatorLogReplaysTransactionsWithoutEnd() throws Exception {
    try (CoordinatorLog log = CoordinatorLog.open(dir)) {
      log.prepare(1, "a", List.of("slave_1", "slave_2")).join();
      log.prepare(2, "b", List.of()).join();
      log.prepare(3, "c", List.of("slave_1")).join();
      log.abort(3);
      log.end(1);
      log.flushEnds();
    }
    try (CoordinatorLog log = CoordinatorLog.open(dir)) {
      assertThat(log.unfinished())
          .containsExactly(
              new CoordinatorLog.Unfinished(2, "b", List.of(), false),
              new CoordinatorLog.Unfinished(3, "c", List.of("slave_1"), true));
      log.compact();
    }
    try (CoordinatorLog log = CoordinatorLog.open(dir)) {
      assertThat(log.unfinished())
          .extracting(CoordinatorLog.Unfinished::seq)
          .containsExactly(2L, 3L);
    }
  }

  @Test
  void participantLogForgetsAbortedAndCompactsAwayCommitted() throws Exception {
    try (ParticipantLog log = ParticipantLog.open(dir)) {
      log.prepared(1, "a", "x").join();
      log.prepared(2, "b", "y").join();
      log.prepared(3, "c", "z").join();
      log.aborted(2);
      log.committed(3);
    }
    try (ParticipantLog log = ParticipantLog.open(dir)) {
      // committed ones are recognised from the store on restart; aborted ones are gone
      assertThat(log.replayed()).extracting(ParticipantLog.Prepared::seq).containsExactly(1L, 3L);
      log.committed(3);
      log.compact();
    }
    try (ParticipantLog log = ParticipantLog.open(dir)) {
      assertThat(log.replayed()).containsExactly(new ParticipantLog.Prepared(1, "a", "x"));
    }
  }
}
