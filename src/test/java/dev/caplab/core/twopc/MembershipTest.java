package dev.caplab.core.twopc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.core.event.EventSink;
import dev.caplab.core.storage.DurableStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipTest {

  private static final long LEASE = 1000;
  private static final List<String> SLAVES = List.of("slave_1", "slave_2");
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(50_000), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void onlyACaughtUpMemberOfTheCurrentEpochGetsALease() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      Membership group = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);
      long epoch = group.join("slave_1", 7);
      assertThat(group.grant("slave_1", epoch, 7).granted()).as("joining, not caught up").isFalse();

      assertThat(group.promote("slave_1", epoch).join()).isTrue();
      assertThat(group.grant("slave_1", epoch, 7).granted()).isTrue();
      assertThat(group.grant("slave_1", epoch - 1, 7).granted()).as("old epoch").isFalse();
      assertThat(group.participants(false)).containsExactly("slave_1");
      assertThat(group.participants(true)).containsExactly("slave_1", "slave_2");
    }
  }

  @Test
  void anExcludedSlavesLeaseStillCountsUntilItExpires() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      Membership group = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);
      long epoch = group.join("slave_1", 0);
      group.promote("slave_1", epoch).join();
      group.grant("slave_1", epoch, 0);

      group.exclude("slave_1", "timeout").join();

      assertThat(group.grant("slave_1", epoch, 0).granted()).isFalse();
      assertThat(group.leasesExpireAt(List.of())).isEqualTo(clock.millis() + LEASE);
      assertThat(group.leasesExpireAt(List.of("slave_1"))).isZero();
      assertThat(group.leasesExpireAt(List.of("slave_1", "slave_2"))).isZero();
    }
  }

  @Test
  void aRestartedMasterWaitsOutTheLeaseOfASlaveItHadAlreadyExcluded() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      Membership before = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);
      long epoch = before.join("slave_1", 0);
      before.promote("slave_1", epoch).join();
      before.grant("slave_1", epoch, 0);
      before.exclude("slave_1", "prepare timed out").join();
      // killed here, while it waited for that lease to run out

      Membership after = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);

      assertThat(after.participants(false)).doesNotContain("slave_1");
      assertThat(after.leasesExpireAt(List.of()))
          .as("the lease the previous process granted may still run")
          .isEqualTo(clock.millis() + LEASE);
    }
  }

  @Test
  void aRestartedMasterRemembersMembersAndExclusionsButNotHalfDoneJoins() throws Exception {
    try (DurableStore store = DurableStore.open(dir)) {
      Membership group = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);
      long epoch = group.join("slave_1", 0);
      group.promote("slave_1", epoch).join();
      group.join("slave_2", 3);
    }
    try (DurableStore store = DurableStore.open(dir)) {
      Membership group = new Membership(store, SLAVES, clock, LEASE, EventSink.NONE);
      assertThat(group.participants(false)).containsExactly("slave_1");
      assertThat(group.grant("slave_1", 1, 0).granted()).isTrue();
      // a lease the previous process granted may still run: it counts as granted just now
      assertThat(group.leasesExpireAt(List.of())).isEqualTo(clock.millis() + LEASE);
      assertThat(group.join("slave_2", 5)).as("epochs never repeat").isGreaterThan(2);
    }
  }
}
