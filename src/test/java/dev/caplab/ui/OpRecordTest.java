package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpRecordTest {

  @Test
  void aGetSaysTheValueAndWhereItCameFrom() {
    assertThat(new OpRecord("get", "x", "", OpResult.ok("node_1", "1", 3_100)).summary())
        .isEqualTo("get x = 1 · from node_1 · 3.1 ms");
    assertThat(new OpRecord("get", "y", "", OpResult.notFound("node_1", 900)).summary())
        .isEqualTo("get y · not found · from node_1 · 0.9 ms");
  }

  @Test
  void aPutSaysWhereItWasStoredOrWhyNot() {
    assertThat(new OpRecord("put", "x", "1", OpResult.ok("master", "1", 3_100)).summary())
        .isEqualTo("put x = 1 · stored at master · 3.1 ms");
    assertThat(
            new OpRecord(
                    "put", "x", "1", OpResult.failed("slave_1", "UNAVAILABLE", "no lease", 1_200))
                .summary())
        .isEqualTo("put x = 1 · UNAVAILABLE: no lease · at slave_1 · 1.2 ms");
  }

  @Test
  void aSlowAnswerReadsInSecondsSoItFitsTheColumn() {
    assertThat(new OpRecord("put", "x", "1", OpResult.ok("master", "1", 1_510_100)).latency())
        .isEqualTo("1.51 s");
    assertThat(new OpRecord("put", "x", "1", OpResult.ok("master", "1", 999_900)).latency())
        .isEqualTo("999.9 ms");
  }
}
