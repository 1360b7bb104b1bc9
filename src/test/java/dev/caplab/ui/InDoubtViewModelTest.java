package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InDoubtViewModelTest {

  private final AtomicLong wall = new AtomicLong(10_000);
  private final InDoubtViewModel doubts = new InDoubtViewModel(wall::get, line -> {});

  @Test
  void aTransactionInDoubtCountsItsBlockFromWhenItWasPrepared() {
    doubts.onEvent(state("slave_1", "PREPARED", "7", 10_000));
    doubts.onEvent(state("slave_1", "IN_DOUBT", "7", 13_000));
    wall.set(22_500);
    doubts.tick(1_000_000_000L);

    assertThat(doubts.blocked()).hasSize(1);
    assertThat(doubts.blocked().get(0).text(doubts.nowProperty().get()))
        .isEqualTo("tx 7 (color) blocked 12 s");
  }

  @Test
  void theDecisionEndsTheBlock() {
    doubts.onEvent(state("slave_1", "IN_DOUBT", "7", 13_000));
    doubts.onEvent(state("slave_2", "IN_DOUBT", "7", 13_000));

    doubts.onEvent(state("slave_1", "ABORTED", "7", 30_000));

    assertThat(doubts.blocked())
        .extracting(InDoubtViewModel.Blocked::node)
        .containsExactly("slave_2");
  }

  @Test
  void aNodeThatIsDownBlocksNothing() {
    doubts.onEvent(state("slave_1", "IN_DOUBT", "7", 13_000));

    doubts.onProcess("slave_1", NodeProcessState.KILLED);

    assertThat(doubts.blocked()).isEmpty();
  }

  @Test
  void heldIdIsReadFromTheEventDetail() {
    assertThat(StepModeViewModel.heldId("id=7")).isEqualTo(7);
    assertThat(StepModeViewModel.heldId("released id=12")).isEqualTo(12);
    assertThat(StepModeViewModel.heldId("dropped")).isZero();
  }

  private static NodeEvent state(String node, String state, String tx, long wallMillis) {
    return new NodeEvent(
        node, 1, 1, wallMillis, "STATE", state, "", "color", tx, "", 0, 0, 0, "", 0);
  }
}
