package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.caplab.client.EventJson;
import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimelineViewModelTest {

  private static final double WIDTH = 800;
  private static final double HEIGHT = 300;

  /** Seven pixels a character: what the view's font roughly does. */
  private static final TimelineViewModel.TextWidth CHARS = text -> 7.0 * text.length();

  private final TimelineViewModel timeline = new TimelineViewModel();

  @BeforeEach
  void lanes() {
    timeline.reset(List.of("master", "slave_1", "slave_2"));
  }

  /** n prepares from the master, each received by slave_1 one Lamport tick later. */
  private void prepares(int n) {
    List<NodeEvent> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(event("master", i + 1, 2L * i + 1, "SENT", "prepare", "slave_1", "k" + i, 0));
      batch.add(
          event("slave_1", i + 1, 2L * i + 2, "RECEIVED", "prepare", "master", "k" + i, i + 1));
    }
    timeline.add(batch);
    timeline.flush();
  }

  private static NodeEvent event(
      String node,
      long seq,
      long lamport,
      String type,
      String label,
      String peer,
      String key,
      long causeSeq) {
    return new NodeEvent(
        node,
        seq,
        lamport,
        1_000_000 + lamport,
        type,
        label,
        peer,
        key,
        "7",
        "",
        0,
        0,
        0,
        "",
        causeSeq);
  }

  @Test
  void eachMessageIsAnArrowLabelledWithItsTypeAndKey() {
    prepares(3);
    TimelineViewModel.Layout layout = timeline.layout(WIDTH, HEIGHT, CHARS);

    assertThat(layout.arrows()).hasSize(3);
    assertThat(layout.arrows())
        .extracting(TimelineViewModel.PlacedArrow::label)
        .containsExactly("prepare k0", "prepare k1", "prepare k2");
    assertThat(layout.hiddenLabels()).isZero();
    TimelineViewModel.PlacedArrow first = layout.arrows().get(0);
    assertThat(first.y1()).isEqualTo(layout.laneY().get("master"));
    assertThat(first.y2()).isEqualTo(layout.laneY().get("slave_1"));
    assertThat(first.x2() - first.x1()).isEqualTo(TimelineViewModel.DEFAULT_ZOOM);
  }

  @Test
  void labelsNeverOverlapAndThoseWithoutRoomAreCutShortOrLeftOut() {
    prepares(60);
    timeline.zoomBy(0.2, WIDTH / 2, WIDTH); // crowded: 7 px per Lamport tick
    TimelineViewModel.Layout layout = timeline.layout(WIDTH, HEIGHT, CHARS);

    List<TimelineViewModel.PlacedArrow> shown =
        layout.arrows().stream().filter(TimelineViewModel.PlacedArrow::labelled).toList();
    assertThat(shown).isNotEmpty();
    assertThat(layout.hiddenLabels()).isPositive().isEqualTo(layout.arrows().size() - shown.size());
    assertThat(shown)
        .anySatisfy(a -> assertThat(a.label()).isIn("prepare", "prepare k59", "prepare k0"));
    for (int i = 0; i < shown.size(); i++) {
      for (int j = i + 1; j < shown.size(); j++) {
        TimelineViewModel.PlacedArrow a = shown.get(i);
        TimelineViewModel.PlacedArrow b = shown.get(j);
        boolean apartX = Math.abs(a.labelX() - b.labelX()) >= (a.labelWidth() + b.labelWidth()) / 2;
        boolean apartY = Math.abs(a.labelY() - b.labelY()) >= TimelineViewModel.LABEL_HEIGHT;
        assertThat(apartX || apartY).as("%s and %s overlap", a.label(), b.label()).isTrue();
      }
    }

    timeline.zoomBy(20, WIDTH / 2, WIDTH); // zoomed in, every label in view has room
    assertThat(timeline.layout(WIDTH, HEIGHT, CHARS).hiddenLabels()).isZero();
  }

  @Test
  void zoomKeepsTheTimeUnderThePointerInPlace() {
    prepares(100);
    timeline.scrollBy(2000, WIDTH); // back in time, so the view no longer follows
    double pointer = 300;
    double rankBefore =
        timeline.shownFirstRank(WIDTH)
            + (pointer - TimelineViewModel.LANE_LEFT - 10) / timeline.zoomProperty().get();

    timeline.zoomBy(2, pointer, WIDTH);

    assertThat(timeline.zoomProperty().get()).isEqualTo(2 * TimelineViewModel.DEFAULT_ZOOM);
    double rankAfter =
        timeline.shownFirstRank(WIDTH)
            + (pointer - TimelineViewModel.LANE_LEFT - 10) / timeline.zoomProperty().get();
    assertThat(rankAfter).isCloseTo(rankBefore, within(1e-9));
    timeline.zoomBy(1000, pointer, WIDTH);
    assertThat(timeline.zoomProperty().get()).isEqualTo(TimelineViewModel.MAX_ZOOM);
    timeline.zoomBy(1e-6, pointer, WIDTH);
    assertThat(timeline.zoomProperty().get()).isEqualTo(TimelineViewModel.MIN_ZOOM);
  }

  @Test
  void draggingGoesBackInTimeStopsFollowingAndFollowingCatchesUp() {
    prepares(100); // 200 Lamport times, more than fit
    assertThat(timeline.followProperty().get()).isTrue();
    double newest = timeline.shownFirstRank(WIDTH);
    assertThat(newest).isEqualTo(timeline.maxFirstRank(WIDTH)).isPositive();

    timeline.scrollBy(10 * TimelineViewModel.DEFAULT_ZOOM, WIDTH); // drag right by ten ticks

    assertThat(timeline.followProperty().get()).isFalse();
    assertThat(timeline.shownFirstRank(WIDTH)).isEqualTo(newest - 10);
    prepares(0);
    timeline.scrollBy(1e6, WIDTH);
    assertThat(timeline.shownFirstRank(WIDTH)).as("not before the first event").isZero();
    assertThat(timeline.layout(WIDTH, HEIGHT, CHARS).arrows().get(0).arrow().sent().key())
        .isEqualTo("k0");

    timeline.followProperty().set(true);
    assertThat(timeline.shownFirstRank(WIDTH)).isEqualTo(newest);
    timeline.scrollTo(
        timeline.maxFirstRank(WIDTH) - 5, WIDTH); // the scroll bar, just short of the end
    assertThat(timeline.followProperty().get()).isFalse();
    timeline.scrollTo(timeline.maxFirstRank(WIDTH), WIDTH);
    assertThat(timeline.followProperty().get()).isTrue();
  }

  @Test
  void clickingNearADotOrOnAnArrowFindsItsEventOrMessage() {
    prepares(2);
    TimelineViewModel.Layout layout = timeline.layout(WIDTH, HEIGHT, CHARS);
    TimelineViewModel.PlacedMark dot = layout.marks().get(0);
    assertThat(TimelineViewModel.hit(layout, dot.x() + 3, dot.y() - 2)).isEqualTo(dot.mark());
    TimelineViewModel.PlacedArrow arrow = layout.arrows().get(1);
    double x = arrow.x1() + (arrow.x2() - arrow.x1()) * 0.1;
    double y = arrow.y1() + (arrow.y2() - arrow.y1()) * 0.1;
    assertThat(TimelineViewModel.hit(layout, x, y)).isEqualTo(arrow.arrow());
    assertThat(TimelineViewModel.hit(layout, 5, 5)).isNull();

    timeline.select(arrow.arrow());
    assertThat(EventDetails.of(timeline.selectedProperty().get()))
        .contains(
            "Message prepare from master to slave_1",
            "key k1",
            "tx 7",
            "seq 2",
            "Lamport 3",
            "Lamport 4");
    assertThat(EventDetails.of(dot.mark()))
        .startsWith("SENT prepare at master to slave_1")
        .contains("seq 1");
  }

  @Test
  void aTraceLineReadsBackAsTheSameEvent() {
    NodeEvent e =
        new NodeEvent(
            "node_0",
            12,
            40,
            1_700_000_000_000L,
            "CLIENT_REPLY",
            "put",
            "",
            "co\"lor\n",
            "",
            "3@node_0",
            2,
            3,
            1500,
            "ok: stored",
            0);
    assertThat(EventJson.parse(EventJson.toJson(e))).isEqualTo(e);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.parse("{\"node\":\"a\"}"))
        .hasMessageContaining("missing \"seq\"")
        .hasMessageContaining("Fix:");
  }
}
