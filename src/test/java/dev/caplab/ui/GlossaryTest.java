package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlossaryTest {

  @Test
  void everyStatusACardCanShowIsExplained() {
    for (NodeStatus s : NodeStatus.values()) {
      assertThat(Glossary.explain(s.text())).as(s.text()).isPresent();
    }
    assertThat(Glossary.explain("slowed")).isPresent();
    assertThat(Glossary.explain("isolated")).isPresent();
  }

  @Test
  void theWordsATeacherIsAskedAboutAreExplainedHoweverTheyAreSpelled() {
    for (String term :
        List.of(
            "WAITING-LEASE",
            "IN_DOUBT",
            "in-doubt",
            "no-lease",
            "epoch",
            "synced to",
            "lease",
            "read lease",
            "tx-status",
            "read-repair",
            "read repair",
            "anti-entropy",
            "quorum",
            "weight",
            "Background traffic",
            "PREPARED",
            "COMMITTED",
            "ABORTED",
            "JOINING",
            "MEMBER",
            "join",
            "confirm",
            "lease-grant",
            "vote-grant")) {
      assertThat(Glossary.explain(term)).as(term).isPresent();
    }
  }

  @Test
  void everyEventTypeOfTheLogIsExplained() {
    for (String type :
        List.of(
            "SENT",
            "RECEIVED",
            "STATE",
            "QUORUM",
            "CLIENT_REQUEST",
            "CLIENT_REPLY",
            "NODE_STATUS",
            "HELD",
            "RELEASED")) {
      assertThat(Glossary.explain(type)).as(type).isPresent();
    }
  }

  @Test
  void termsInsideADetailAreExplainedAfterIt() {
    String tip =
        Glossary.annotate(
            "caught up (3 entries fetched, synced to 200000) and holding a read lease");
    assertThat(tip)
        .startsWith("caught up (3 entries fetched, synced to 200000)")
        .contains("synced to: The last position")
        .contains("read lease: The master's promise");
    assertThat(Glossary.annotate("epoch 3, catches up to 12"))
        .contains("epoch: A number the master gives");
    assertThat(Glossary.annotate("nothing special")).isEqualTo("nothing special");
  }
}
