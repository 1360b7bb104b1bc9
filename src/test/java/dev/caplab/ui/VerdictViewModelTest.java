package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.OnlineChecker;
import dev.caplab.core.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerdictViewModelTest {

  private final List<String> messages = new ArrayList<>();
  private final FxInbox inbox =
      new FxInbox(Runnable::run, Duration.ZERO, System::nanoTime, batch -> {});
  private final ConsoleViewModel console =
      new ConsoleViewModel(inbox, Optional::empty, new OpLog(System::nanoTime));
  private final VerdictViewModel verdict = new VerdictViewModel(console, refs -> {}, messages::add);

  @Test
  void aStaleReadFromTheCheckerTurnsTheBadgeRedWithItsOperations() {
    OnlineChecker checker = new OnlineChecker();
    long put = checker.invoke("console", Operation.Type.PUT, "color", "red", 1_000_000);
    checker.complete(put, null, 1_200_000, Operation.Outcome.OK);
    long get = checker.invoke("load-2", Operation.Type.GET, "color", null, 1_300_000);
    checker.complete(get, null, 1_350_000, Operation.Outcome.OK);

    verdict.show(HistoryJudge.judged(checker.verdict(), 1_000_000));

    assertThat(verdict.stateProperty().get()).isEqualTo(VerdictViewModel.State.VIOLATED);
    assertThat(verdict.textProperty().get()).startsWith("stale read: get(color) → null");
    assertThat(verdict.lastProperty().get().refs())
        .containsExactlyInAnyOrder("console@1000000", "load-2@1300000");
    assertThat(verdict.detailProperty().get())
        .contains("load-2: get(color) → null, 0.30 s to 0.35 s, ok");

    verdict.showInvolved();
    assertThat(console.involvedProperty().get())
        .containsExactlyInAnyOrder("console@1000000", "load-2@1300000");
    assertThat(messages).last().asString().contains("came from the load");
  }

  @Test
  void aLinearizableHistoryReadsAsACountOfOperations() {
    verdict.show(new VerdictViewModel.Judged(1204, "", Set.of(), List.of()));

    assertThat(verdict.stateProperty().get()).isEqualTo(VerdictViewModel.State.OK);
    assertThat(verdict.textProperty().get()).isEqualTo("linearizable · 1,204 ops");
  }
}
