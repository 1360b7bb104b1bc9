package dev.caplab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.caplab.core.net.Message;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultRulesTest {

  record Prepare(String key, String txId) implements Message {
    public String type() {
      return "prepare";
    }
  }

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final EventLog events = new EventLog("master", 64, Clock.systemUTC());
  private final FaultRules rules = new FaultRules(events, scheduler, Clock.systemUTC());

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void withoutRulesEveryMessageGoesAtOnce() throws Exception {
    assertThat(rules.admit("slave_1", new Prepare("k", "t1")).get(0, TimeUnit.SECONDS)).isTrue();
    assertThat(events.lastSeq()).isZero();
  }

  @Test
  void dropRuleLosesMessagesToThatPeerOnly() throws Exception {
    rules.setRule(new FaultRules.Rule("slave_1", 0, 0, true));

    assertThat(rules.admit("slave_1", new Prepare("k", "t1")).get(0, TimeUnit.SECONDS)).isFalse();
    assertThat(rules.admit("slave_2", new Prepare("k", "t1")).get(0, TimeUnit.SECONDS)).isTrue();

    rules.clearRule("slave_1");
    assertThat(rules.admit("slave_1", new Prepare("k", "t2")).get(0, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void delayRuleDeliversLater() {
    rules.setRule(new FaultRules.Rule("slave_1", 300, 50, false));
    long start = System.nanoTime();

    CompletableFuture<Boolean> fate = rules.admit("slave_1", new Prepare("k", "t1"));

    await().atMost(Duration.ofSeconds(5)).until(fate::isDone);
    assertThat(fate.join()).isTrue();
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void heldMessagesWaitUntilReleasedOneByOneAndEachReleaseIsAnEvent() throws Exception {
    rules.setHold(true);
    CompletableFuture<Boolean> first = rules.admit("slave_1", new Prepare("k", "t1"));
    CompletableFuture<Boolean> second = rules.admit("slave_2", new Prepare("k", "t1"));

    assertThatThrownBy(() -> first.get(100, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    assertThat(rules.held())
        .extracting(h -> h.peer() + ":" + h.message().type())
        .containsExactly("slave_1:prepare", "slave_2:prepare");

    long firstId = rules.held().get(0).id();
    assertThat(rules.release(firstId)).isEqualTo(1);
    assertThat(first.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(second).isNotDone();

    assertThat(rules.drop(0)).isEqualTo(1);
    assertThat(second.get(1, TimeUnit.SECONDS)).isFalse();
    assertThat(events.since(1, 10))
        .extracting(s -> s.event().type() + " " + s.event().peer() + " " + s.event().detail())
        .containsExactly(
            "HELD slave_1 id=" + firstId,
            "HELD slave_2 id=" + (firstId + 1),
            "RELEASED slave_1 released id=" + firstId,
            "RELEASED slave_2 dropped id=" + (firstId + 1));
  }

  record Lease() implements Message {
    public String type() {
      return "lease";
    }
  }

  @Test
  void passTypesGoOnInHoldModeWhileOthersWait() throws Exception {
    rules.setHold(true, java.util.Set.of("lease"));

    assertThat(rules.admit("master", new Lease()).get(1, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Boolean> prepare = rules.admit("slave_1", new Prepare("k", "t1"));

    assertThat(prepare).isNotDone();
    assertThat(rules.held()).extracting(h -> h.message().type()).containsExactly("prepare");
    assertThat(rules.passTypes()).containsExactly("lease");
    rules.setHold(false);
    assertThat(rules.passTypes()).isEmpty();
    assertThat(prepare.get(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void turningHoldOffReleasesEverything() throws Exception {
    rules.setHold(true);
    CompletableFuture<Boolean> fate = rules.admit("slave_1", new Prepare("k", "t1"));

    rules.setHold(false);

    assertThat(fate.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(rules.held()).isEmpty();
  }

  @Test
  void delayAppliesAfterRelease() throws Exception {
    rules.setHold(true);
    rules.setRule(new FaultRules.Rule("slave_1", 200, 0, false));
    CompletableFuture<Boolean> fate = rules.admit("slave_1", new Prepare("k", "t1"));
    rules.release(0);
    assertThat(fate).isNotDone();
    assertThat(fate.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void repliesAreNeverHeldButStillDroppedAndDelayed() throws Exception {
    rules.setHold(true);
    assertThat(rules.admitReply("slave_1", new Prepare("k", "t1")).get(1, TimeUnit.SECONDS))
        .isTrue();
    assertThat(rules.held()).isEmpty();

    rules.setRule(new FaultRules.Rule("slave_1", 0, 0, true));
    assertThat(rules.admitReply("slave_1", new Prepare("k", "t1")).get(1, TimeUnit.SECONDS))
        .isFalse();
  }

  @Test
  void verdictTellsHowLongARequestWasHeld() throws Exception {
    rules.setHold(true);
    CompletableFuture<OutboundFilter.Verdict> verdict =
        rules.admitRequest("slave_1", new Prepare("k", "t1"));
    Thread.sleep(50); // the hold itself: the scenario, not a wait for an outcome
    rules.release(0);

    assertThat(verdict.get(1, TimeUnit.SECONDS).deliver()).isTrue();
    assertThat(verdict.get().heldNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }
}
