package dev.caplab.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumVotersTest {

  @Test
  void aReachedQuorumNamesItsVotersInTheOrderTheyCounted() {
    String detail = QuorumVoters.describe(List.of("node_2", "node_1"), true);

    assertThat(detail).isEqualTo("node_2, node_1: quorum reached");
    assertThat(QuorumVoters.reachedBy(detail)).containsExactly("node_2", "node_1");
  }

  @Test
  void aQuorumReachedWithAReasonStillNamesItsVoters() {
    String detail = QuorumVoters.reached(List.of("node_1"), "with own votes, version known stable");

    assertThat(QuorumVoters.reachedBy(detail)).containsExactly("node_1");
  }

  @Test
  void gatheringAndFailedTalliesNameNoQuorum() {
    assertThat(QuorumVoters.reachedBy(QuorumVoters.describe(List.of("node_0"), false))).isEmpty();
    assertThat(QuorumVoters.reachedBy("not reached: node_1 unreachable")).isEmpty();
    assertThat(QuorumVoters.reachedBy("")).isEmpty();
  }
}
