package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Compare view's one-line captions, from the last seconds of the charts and the verdict. */
class CompareCaptionTest {

  private static ChartBuckets.Second second(long s, double writes, double reads) {
    return new ChartBuckets.Second(s, 10, 2, 5, writes, reads, 0);
  }

  @Test
  void writesAndReadsThatAllSucceedAreAvailable() {
    CompareCaption.Text text =
        CompareCaption.of(
            List.of(second(1, 100, 100), second(2, 100, 98)), VerdictViewModel.State.OK);
    assertThat(text.line())
        .isEqualTo("Available: writes and reads succeed · every answer consistent");
    assertThat(text.detail()).contains("writes 100 %, reads 99 % succeeded over the last 2 s");
  }

  @Test
  void noWritesButSomeReadsIsReadOnly() {
    CompareCaption.Text text =
        CompareCaption.of(
            List.of(second(1, 0, 60), second(2, 0, 74), second(3, 0, 67)),
            VerdictViewModel.State.OK);
    assertThat(text.line())
        .isEqualTo("Read-only: refuses writes, reads 67 % succeed · every answer consistent");
  }

  @Test
  void nothingSucceedingIsUnavailableAndAStaleReadIsSaid() {
    CompareCaption.Text text =
        CompareCaption.of(
            List.of(second(1, 0, 0), second(2, 0, 3)), VerdictViewModel.State.VIOLATED);
    assertThat(text.line())
        .isEqualTo("Unavailable: refuses writes and reads · an answer was stale (see the verdict)");
  }

  @Test
  void secondsWithoutOperationsDoNotCountAndNoneAtAllSaysSo() {
    CompareCaption.Text partly =
        CompareCaption.of(
            List.of(second(1, Double.NaN, Double.NaN), second(2, 50, 80)),
            VerdictViewModel.State.OK);
    assertThat(partly.line()).startsWith("Partly available: writes 50 %, reads 80 % succeed");
    assertThat(
            CompareCaption.of(
                    List.of(second(1, Double.NaN, Double.NaN)), VerdictViewModel.State.IDLE)
                .line())
        .isEqualTo("No operations yet: turn the Load on.");
  }
}
