package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeqGateTest {

  private final SeqGate gate = new SeqGate();
  private final List<String> ran = new ArrayList<>();

  @Test
  void anUpdateWaitsUntilTheNodesEventsUpToItAreShown() {
    gate.tick(1);
    gate.when("slave_1", 5, () -> ran.add("count=1"));
    gate.shown("slave_1", 4);
    gate.shown("master", 9);
    assertThat(ran).isEmpty();
    gate.shown("slave_1", 5);
    assertThat(ran).containsExactly("count=1");
    gate.when("slave_1", 3, () -> ran.add("older"));
    assertThat(ran).containsExactly("count=1", "older");
  }

  @Test
  void anUpdateWhoseEventsNeverShowRunsAfterTheLongestHold() {
    gate.tick(1);
    gate.when("slave_1", 5, () -> ran.add("late"));
    gate.tick(SeqGate.MAX_HOLD_NANOS);
    assertThat(ran).isEmpty();
    gate.tick(1 + SeqGate.MAX_HOLD_NANOS);
    assertThat(ran).containsExactly("late");
  }

  @Test
  void aRestartDropsWhatTheOldProcessSaid() {
    gate.shown("slave_1", 40);
    gate.when("slave_1", 50, () -> ran.add("old"));
    gate.restart("slave_1");
    gate.when("slave_1", 2, () -> ran.add("new"));
    gate.shown("slave_1", 2);
    assertThat(ran).containsExactly("new");
  }
}
