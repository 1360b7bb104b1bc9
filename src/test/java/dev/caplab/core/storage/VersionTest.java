package dev.caplab.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void higherCounterWinsAndNodeIdBreaksTies() {
    Version master12 = new Version(12, "master");
    assertThat(new Version(13, "a").isNewerThan(master12)).isTrue();
    assertThat(new Version(12, "slave1").isNewerThan(master12)).isTrue();
    assertThat(master12.isNewerThan(new Version(12, "slave1"))).isFalse();
    assertThat(master12.isNewerThan(master12)).isFalse();
    assertThat(new Version(1, "").isNewerThan(Version.ZERO)).isTrue();
  }

  @Test
  void textFormRoundTrips() {
    assertThat(new Version(12, "master")).hasToString("12@master");
    assertThat(Version.ZERO).hasToString("0@");
    for (Version v :
        new Version[] {
          Version.ZERO, new Version(12, "master"), new Version(Long.MAX_VALUE, "n@de")
        }) {
      assertThat(Version.parse(v.toString())).isEqualTo(v);
    }
  }

  @Test
  void parseRejectsGarbage() {
    assertThatThrownBy(() -> Version.parse("master")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Version.parse("x@master"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Version.parse("@master")).isInstanceOf(IllegalArgumentException.class);
  }
}
