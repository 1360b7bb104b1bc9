package dev.caplab.ui;

import static dev.caplab.ui.Ev.sent;
import static dev.caplab.ui.Ev.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogViewModelTest {

  private final EventLogViewModel log = new EventLogViewModel();

  @Test
  void newestFirstAndBounded() {
    log.reset(List.of("master", "slave_1"));
    List<NodeEvent> many = new ArrayList<>();
    for (int i = 1; i <= EventLogViewModel.CAPACITY + 500; i++) {
      many.add(sent("master", i, "slave_1", "prepare", "k" + i));
    }
    log.add(many.subList(0, 1000));
    log.add(many.subList(1000, many.size()));

    assertThat(log.visible()).hasSize(EventLogViewModel.CAPACITY);
    assertThat(log.visible().get(0).seq()).isEqualTo(EventLogViewModel.CAPACITY + 500);
    assertThat(log.totalProperty().get()).isEqualTo(EventLogViewModel.CAPACITY + 500);
  }

  @Test
  void filtersByNodeKindAndKey() {
    log.reset(List.of("master", "slave_1"));
    log.add(
        List.of(
            sent("master", 1, "slave_1", "prepare", "apple"),
            status("slave_1", 1, "serving"),
            sent("slave_1", 2, "master", "vote-yes", "apple"),
            sent("master", 2, "slave_1", "prepare", "banana"),
            Ev.event("master", 3, "CLIENT_REPLY", "put", "", "banana", 0, 0, "ok", 0)));

    log.nodeProperty().set("master");
    assertThat(log.visible()).hasSize(3);
    log.keyProperty().set("APP");
    assertThat(log.visible()).extracting(NodeEvent::label).containsExactly("prepare");
    log.nodeProperty().set(EventLogViewModel.ALL);
    assertThat(log.visible()).extracting(NodeEvent::label).containsExactly("vote-yes", "prepare");
    log.keyProperty().set("");
    log.kindProperty().set("CLIENT");
    assertThat(log.visible()).extracting(NodeEvent::type).containsExactly("CLIENT_REPLY");
    log.kindProperty().set("NODE_STATUS");
    assertThat(log.visible()).extracting(NodeEvent::node).containsExactly("slave_1");
  }

  @Test
  void aNewClusterStartsWithoutTheLastOnesFiltersAndSaysWhenFiltersHideEverything() {
    log.reset(List.of("master", "slave_1"));
    log.add(List.of(sent("master", 1, "slave_1", "prepare", "apple")));
    log.kindProperty().set("STATE");
    log.keyProperty().set("x");
    assertThat(log.visible()).isEmpty();
    assertThat(log.emptyTextProperty().get())
        .isEqualTo("The filters (kind STATE, key contains \"x\") hide all 1" + " events listed.");
    assertThat(log.filteringProperty().get()).isTrue();

    log.reset(List.of("node_0", "node_1"));
    assertThat(log.kindProperty().get()).isEqualTo(EventLogViewModel.ALL);
    assertThat(log.keyProperty().get()).isEmpty();
    assertThat(log.filteringProperty().get()).isFalse();
    assertThat(log.emptyTextProperty().get()).startsWith("Events from the nodes appear here");
  }

  @Test
  void backgroundTrafficIsCountedApartAndNamedWhenItIsAllThereIs() {
    log.reset(List.of("master", "slave_1"));
    log.add(
        List.of(
            sent("slave_1", 1, "master", "lease", ""),
            sent("master", 1, "slave_1", "lease-grant", "")));

    assertThat(log.visible()).isEmpty();
    assertThat(log.totalProperty().get()).isEqualTo(2);
    assertThat(log.backgroundTotalProperty().get()).isEqualTo(2);
    assertThat(log.emptyTextProperty().get()).contains("only background traffic");
  }
}
