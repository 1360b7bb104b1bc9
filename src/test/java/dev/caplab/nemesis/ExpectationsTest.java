package dev.caplab.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.history.Operation;
import dev.caplab.core.history.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {

  @Test
  void onlyValuesNotKnownToBeOverwrittenMayRemain() {
    Expectations expect =
        new Expectations(
            List.of(
                Operation.put("c1", "k", "old", 0, 10, Outcome.OK),
                Operation.put("c2", "k", "lost-in-flight", 5, 6, Outcome.UNKNOWN),
                Operation.put("c1", "k", "overlapping", 15, 40, Outcome.OK),
                Operation.put("c2", "k", "newest", 20, 30, Outcome.OK),
                Operation.put("c3", "k", "refused", 50, 51, Outcome.FAIL),
                Operation.put("c3", "other", "maybe", 50, 51, Outcome.UNKNOWN)));
    assertThat(expect.allows("k", "old")).isFalse(); // completed before newest began
    assertThat(expect.allows("k", "overlapping")).isTrue();
    assertThat(expect.allows("k", "newest")).isTrue();
    assertThat(expect.allows("k", "lost-in-flight")).isTrue(); // may have landed last
    assertThat(expect.allows("k", "refused")).isFalse();
    assertThat(expect.allows("k", null)).isFalse();
    // No acknowledged put: absent is fine, so is the unknown one.
    assertThat(expect.allows("other", null)).isTrue();
    assertThat(expect.allows("other", "maybe")).isTrue();
    assertThat(expect.allows("never", null)).isTrue();
    assertThat(expect.lastAcknowledged("k").value()).isEqualTo("newest");
  }
}
