package dev.caplab.ui;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * One side of the Compare view: the cluster's heading, its nodes, its verdict and a caption in
 * plain words, then availability, latency and throughput over time with the fault markers. Charts
 * redraw once a second.
 */
final class CompareColumn extends VBox {

  private final CompareSide side;
  private final ChartRedraw redraw;
  private final MarkedChart availability;
  private final MarkedChart latency;
  private final MarkedChart throughput;
  private final XYChart.Series<Number, Number> writes = ChartsView.series("writes (put)");
  private final XYChart.Series<Number, Number> reads = ChartsView.series("reads (get)");
  private final XYChart.Series<Number, Number> p50 = ChartsView.series("median");
  private final XYChart.Series<Number, Number> p99 = ChartsView.series("p99");
  private final XYChart.Series<Number, Number> done = ChartsView.series("done");
  private final Label verdict = new Label();
  private final Label caption = new Label();

  CompareColumn(CompareSide side) {
    this.side = side;
    String name = side.name();
    availability =
        new MarkedChart("compare-availability-" + name, "Operations that succeeded, %", "%");
    latency = new MarkedChart("compare-latency-" + name, "How long operations took", "ms");
    throughput =
        new MarkedChart("compare-throughput-" + name, "Operations done per second", "ops/s");
    redraw = new ChartRedraw(side.charts(), List.of(availability, latency, throughput), this::show);
    createView();
    bindModel();
  }

  /** Whether the window is shown; hidden charts are not redrawn. */
  BooleanProperty activeProperty() {
    return redraw.activeProperty();
  }

  private void createView() {
    setId("compare-" + side.name());
    getStyleClass().add("compare-column");
    Label title = new Label(side.title());
    title.getStyleClass().add("compare-title");
    Label ports = new Label(side.ports());
    ports.getStyleClass().add("compare-ports");
    HBox heading = new HBox(8, title, ports);
    heading.setAlignment(Pos.BASELINE_LEFT);

    HBox nodes = new HBox(6);
    nodes.setId("compare-nodes-" + side.name());
    for (NodeViewModel n : side.nodes()) {
      nodes.getChildren().add(chip(n));
    }

    verdict.setId("compare-verdict-" + side.name());
    verdict.getStyleClass().add("compare-verdict");
    verdict.setMaxWidth(Double.MAX_VALUE);
    caption.setId("compare-caption-" + side.name());
    caption.getStyleClass().add("compare-caption");
    caption.setMaxWidth(Double.MAX_VALUE);

    availability.getStyleClass().add("availability");
    availability.getData().addAll(List.of(writes, reads));
    ChartsView.percentAxis(availability);
    latency.getData().addAll(List.of(p50, p99));
    throughput.getData().add(done); // with its legend, so that the three plots line up
    for (MarkedChart chart : List.of(availability, latency, throughput)) {
      chart.setLegendSide(javafx.geometry.Side.RIGHT);
      chart.setMinSize(0, 0);
      chart.setPrefSize(600, 170);
      VBox.setVgrow(chart, Priority.ALWAYS);
    }
    getChildren().addAll(heading, nodes, verdict, caption, availability, latency, throughput);
    HBox.setHgrow(this, Priority.ALWAYS);
    setMinWidth(0);
    setPrefWidth(620);
  }

  /**
   * A node's id, status and fault chips in one small card, coloured by status as in the topology.
   */
  private static Label chip(NodeViewModel n) {
    Label chip = new Label();
    chip.setId("compare-node-" + n.id());
    chip.getStyleClass().addAll("compare-node");
    chip.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  StringBuilder text =
                      new StringBuilder(n.id()).append(" · ").append(n.status().text());
                  if (!n.pendingActionProperty().get().isEmpty()) {
                    text.append(" · ").append(n.pendingActionProperty().get());
                  }
                  if (n.isolatedProperty().get()) {
                    text.append(" · isolated");
                  }
                  if (n.slowSecondsProperty().get() > 0) {
                    text.append(" · slowed ").append(n.slowSecondsProperty().get()).append(" s");
                  }
                  return text.toString();
                },
                n.statusProperty(),
                n.pendingActionProperty(),
                n.isolatedProperty(),
                n.slowSecondsProperty()));
    Tooltip tip = new Tooltip();
    tip.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    n.id()
                        + " (weight "
                        + n.weight()
                        + "): "
                        + n.status().text()
                        + (n.statusDetailProperty().get().isEmpty()
                            ? ""
                            : ", " + n.statusDetailProperty().get())
                        + "\n"
                        + Glossary.entry(n.status().text()),
                n.statusProperty(),
                n.statusDetailProperty()));
    tip.setWrapText(true);
    tip.setMaxWidth(380);
    chip.setTooltip(tip);
    chip.getStyleClass().add(n.status().styleClass());
    n.statusProperty()
        .addListener(
            (obs, was, now) -> {
              chip.getStyleClass().remove(was.styleClass());
              chip.getStyleClass().add(now.styleClass());
            });
    return chip;
  }

  private void bindModel() {
    verdict.textProperty().bind(Bindings.concat("Verdict: ", side.verdict().textProperty()));
    Tooltip verdictTip = new Tooltip();
    verdictTip.textProperty().bind(side.verdict().detailProperty());
    verdictTip.setWrapText(true);
    verdictTip.setMaxWidth(480);
    verdict.setTooltip(verdictTip);
    side.verdict()
        .stateProperty()
        .addListener(
            (obs, was, now) -> {
              verdict
                  .getStyleClass()
                  .remove("verdict-" + was.name().toLowerCase(java.util.Locale.ROOT));
              verdict
                  .getStyleClass()
                  .add("verdict-" + now.name().toLowerCase(java.util.Locale.ROOT));
            });
    caption.textProperty().bind(side.captionProperty());
    Tooltip captionTip = new Tooltip();
    captionTip.textProperty().bind(side.captionDetailProperty());
    captionTip.setWrapText(true);
    captionTip.setMaxWidth(480);
    caption.setTooltip(captionTip);
  }

  private void show(ChartsViewModel.Window w) {
    writes.getData().setAll(ChartsView.points(w, ChartBuckets.Second::writesOkPercent));
    reads.getData().setAll(ChartsView.points(w, ChartBuckets.Second::readsOkPercent));
    p50.getData().setAll(ChartsView.points(w, ChartBuckets.Second::p50Millis));
    p99.getData().setAll(ChartsView.points(w, ChartBuckets.Second::p99Millis));
    done.getData().setAll(ChartsView.points(w, ChartBuckets.Second::succeeded));
  }
}
