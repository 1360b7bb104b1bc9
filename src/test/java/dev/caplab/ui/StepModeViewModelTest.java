package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.AdminClient;
import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.NodeProcessState;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Step mode's bookkeeping against a gateway that records the admin calls and answers as a node
 * would.
 */
class StepModeViewModelTest {

  private final List<String> calls = new ArrayList<>();
  private final List<AdminClient.Held> stillHeld = new ArrayList<>();
  private final FxInbox inbox =
      new FxInbox(Runnable::run, Duration.ZERO, System::nanoTime, batch -> {});
  private final ClusterGateway gateway =
      (ClusterGateway)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {ClusterGateway.class},
              (proxy, method, args) -> {
                calls.add(method.getName() + " " + args[0] + " " + args[1]);
                return switch (method.getName()) {
                  case "setHold" -> answer((Boolean) args[1]);
                  case "release", "dropHeld" -> {
                    stillHeld.removeIf(h -> h.id() == (Long) args[1] || (Long) args[1] == 0);
                    yield answer(true);
                  }
                  default ->
                      CompletableFuture.failedFuture(
                          new UnsupportedOperationException(method.getName()));
                };
              });
  private final StepModeViewModel step =
      new StepModeViewModel(inbox, () -> Optional.of(gateway), line -> {});

  @Test
  void stepModeTurnedOnBeforeStartHoldsEachNodeOnceItServesAndLetsHousekeepingThrough() {
    step.setOn(true);
    assertThat(calls).isEmpty();

    step.onProcess("master", NodeProcessState.SERVING);

    assertThat(calls).containsExactly("setHold master true");
    assertThat(step.holdingProperty().get()).isEqualTo(1);
    assertThat(StepModeViewModel.PASS_TYPES)
        .contains("lease", "tx-status")
        .doesNotContain("prepare", "commit");
  }

  @Test
  void aHeldMessageIsParkedUntilDeliveredAndItsLateEventDoesNotParkItAgain() {
    step.onProcess("master", NodeProcessState.SERVING);
    step.setOn(true);
    NodeEvent held = event("HELD", "id=7");
    stillHeld.add(new AdminClient.Held(7, "slave_1", "prepare", "color", "3", "", 1_000));
    step.onEvent(held);
    assertThat(step.parked())
        .extracting(StepModeViewModel.Parked::text)
        .containsExactly("prepare tx 3");

    step.deliver(step.parked().get(0));
    step.onEvent(held); // a late copy of the HELD event

    assertThat(calls).contains("release master 7");
    assertThat(step.parked()).isEmpty();
  }

  @Test
  void aKilledNodesQueueDiesWithIt() {
    step.onProcess("master", NodeProcessState.SERVING);
    step.setOn(true);
    stillHeld.add(new AdminClient.Held(1, "slave_1", "prepare", "color", "1", "", 1_000));
    step.onEvent(event("HELD", "id=1"));

    step.onProcess("master", NodeProcessState.KILLED);

    assertThat(step.parked()).isEmpty();
    assertThat(step.holdingProperty().get()).isZero();
  }

  private CompletableFuture<AdminClient.HoldState> answer(boolean hold) {
    return CompletableFuture.completedFuture(
        new AdminClient.HoldState(
            hold,
            List.copyOf(stillHeld),
            0,
            hold ? List.copyOf(StepModeViewModel.PASS_TYPES) : List.of()));
  }

  private static NodeEvent event(String type, String detail) {
    return new NodeEvent(
        "master", 1, 1, 1_000, type, "prepare", "slave_1", "color", "3", "", 0, 0, 0, detail, 0);
  }
}
