package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.caplab.core.event.ProtocolEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CrashSwitchTest {

  private final List<ProtocolEvent> events = new ArrayList<>();
  private final AtomicInteger halts = new AtomicInteger();
  private final CrashSwitch crash = new CrashSwitch(events::add, halts::incrementAndGet);

  @Test
  void unarmedSwitchNeverHalts() {
    crash.reached(CrashPoint.AFTER_PREPARE_LOGGED);
    crash.reached(CrashPoint.AFTER_COMMIT_LOGGED);

    assertThat(halts).hasValue(0);
    assertThat(events).isEmpty();
  }

  @Test
  void armedSwitchHaltsOnceAtItsPointAndSaysSoFirst() {
    crash.arm(CrashPoint.AFTER_COMMIT_LOGGED);
    crash.reached(CrashPoint.AFTER_PREPARE_LOGGED);
    assertThat(halts).hasValue(0);

    crash.reached(CrashPoint.AFTER_COMMIT_LOGGED);
    crash.reached(CrashPoint.AFTER_COMMIT_LOGGED);

    assertThat(halts).hasValue(1);
    assertThat(events).extracting(ProtocolEvent::label).containsExactly("crash-armed", "crashing");
    assertThat(events.get(1).detail()).contains("after-commit", "COMMIT is on disk");
    assertThat(crash.armed()).isEmpty();
  }

  @Test
  void disarmedSwitchDoesNotHalt() {
    crash.arm(CrashPoint.AFTER_PREPARE_LOGGED);
    crash.disarm();
    crash.reached(CrashPoint.AFTER_PREPARE_LOGGED);

    assertThat(halts).hasValue(0);
    assertThat(events)
        .extracting(ProtocolEvent::label)
        .containsExactly("crash-armed", "crash-disarmed");
  }

  @Test
  void pointsAreNamedAsTheAdminCallNamesThem() {
    assertThat(CrashPoint.parse("after-prepare")).isEqualTo(CrashPoint.AFTER_PREPARE_LOGGED);
    assertThat(CrashPoint.parse("AFTER_COMMIT_LOGGED")).isEqualTo(CrashPoint.AFTER_COMMIT_LOGGED);
    assertThatThrownBy(() -> CrashPoint.parse("before-lunch"))
        .hasMessageContaining("before-lunch")
        .hasMessageContaining("after-prepare, after-commit");
  }
}
