package dev.caplab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Side;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Charts tab: four small charts side by side over the last minutes, each with a caption in
 * plain words, and the same fault markers on all four. Redrawn when the view-model takes a new
 * window (once a second), and only while the tab is shown.
 */
final class ChartsView extends HBox {

  private final ChartRedraw redraw;
  private final MarkedChart throughput =
      new MarkedChart("chart-throughput", "Operations done per second", "ops/s");
  private final MarkedChart latency =
      new MarkedChart("chart-latency", "How long operations took", "ms");
  private final MarkedChart availability =
      new MarkedChart("chart-availability", "Operations that succeeded, %", "%");
  private final MarkedChart stale = new MarkedChart("chart-stale", "Stale reads found", "count");
  private final XYChart.Series<Number, Number> done = series("done");
  private final XYChart.Series<Number, Number> p50 = series("median");
  private final XYChart.Series<Number, Number> p99 = series("p99");
  private final XYChart.Series<Number, Number> writes = series("writes (put)");
  private final XYChart.Series<Number, Number> reads = series("reads (get)");
  private final XYChart.Series<Number, Number> staleReads = series("stale reads");

  ChartsView(ChartsViewModel model) {
    redraw = new ChartRedraw(model, List.of(throughput, latency, availability, stale), this::show);
    createView();
  }

  /** Whether the tab is shown; hidden charts are not redrawn. */
  BooleanProperty activeProperty() {
    return redraw.activeProperty();
  }

  private void createView() {
    setId("charts");
    getStyleClass().add("charts");
    getStylesheets().add(Resources.url("/assets/lab-charts.css"));
    throughput.getData().add(done);
    throughput.setLegendVisible(false);
    latency.getData().addAll(List.of(p50, p99));
    availability.getData().addAll(List.of(writes, reads));
    percentAxis(availability);
    stale.getData().add(staleReads);
    stale
        .yAxis()
        .setAutoRanging(false); // whole numbers, and a visible axis while the count is still 0
    stale.yAxis().setLowerBound(0);
    stale.setLegendVisible(false);
    // The bottom pane is short: legends go beside the plot, captions fit one line and say more on
    // hover.
    latency.setLegendSide(Side.RIGHT);
    availability.setLegendSide(Side.RIGHT);
    getChildren()
        .addAll(
            panel(
                throughput,
                "Successful puts and gets, console and Load.",
                "Puts and gets from the console and the Load that succeeded, each second."),
            panel(
                latency,
                "Median: half were faster; p99: 99 in 100.",
                "How long the operations that succeeded took. Median: half the operations were faster. p99: 99 in"
                    + " 100 were faster."),
            panel(
                availability,
                "Failed or timed out counts against its line.",
                "Each second, the share of puts (writes) and of gets (reads) that succeeded. One that failed or"
                    + " timed out counts against its line."),
            panel(
                stale,
                "Reads of an old value (each key once).",
                "Reads that returned an old value, as the verdict found them; the checker counts each key once."));
  }

  private void show(ChartsViewModel.Window w) {
    done.getData().setAll(points(w, ChartBuckets.Second::succeeded));
    p50.getData().setAll(points(w, ChartBuckets.Second::p50Millis));
    p99.getData().setAll(points(w, ChartBuckets.Second::p99Millis));
    writes.getData().setAll(points(w, ChartBuckets.Second::writesOkPercent));
    reads.getData().setAll(points(w, ChartBuckets.Second::readsOkPercent));
    staleReads.getData().setAll(points(w, ChartBuckets.Second::staleReads));
    int most = w.seconds().stream().mapToInt(ChartBuckets.Second::staleReads).max().orElse(0);
    stale.yAxis().setUpperBound(Math.max(2, most + 1));
    stale.yAxis().setTickUnit(Math.max(1, Math.ceil((most + 1) / 4.0)));
  }

  /**
   * 0 % and 100 % sit inside the plot, so a line at zero is not hidden under the axis; only 0-100
   * is labelled.
   */
  static void percentAxis(MarkedChart chart) {
    chart.yAxis().setAutoRanging(false);
    chart.yAxis().setLowerBound(-20);
    chart.yAxis().setUpperBound(120);
    chart.yAxis().setTickUnit(20);
    chart
        .yAxis()
        .setTickLabelFormatter(
            new StringConverter<>() {
              @Override
              public String toString(Number v) {
                double d = v.doubleValue();
                return d >= 0 && d <= 100 ? String.valueOf((int) d) : "";
              }

              @Override
              public Number fromString(String text) {
                return Double.valueOf(text);
              }
            });
  }

  /**
   * One point per second, in its middle; a second without such operations has none (the line skips
   * it).
   */
  static List<XYChart.Data<Number, Number>> points(
      ChartsViewModel.Window w, ToDoubleFunction<ChartBuckets.Second> value) {
    List<XYChart.Data<Number, Number>> out = new ArrayList<>(w.seconds().size());
    for (ChartBuckets.Second s : w.seconds()) {
      double v = value.applyAsDouble(s);
      if (!Double.isNaN(v)) {
        out.add(new XYChart.Data<>(s.second() + 0.5, v));
      }
    }
    return out;
  }

  static XYChart.Series<Number, Number> series(String name) {
    XYChart.Series<Number, Number> s = new XYChart.Series<>();
    s.setName(name);
    return s;
  }

  private static VBox panel(MarkedChart chart, String caption, String more) {
    Label text = new Label(caption);
    text.getStyleClass().add("chart-caption");
    text.setTooltip(new Tooltip(more));
    VBox box = new VBox(chart, text);
    box.getStyleClass().add("chart-panel");
    VBox.setVgrow(chart, Priority.ALWAYS);
    HBox.setHgrow(box, Priority.ALWAYS);
    box.setMinWidth(0);
    box.setPrefWidth(300);
    chart.setMinSize(0, 0);
    chart.setPrefSize(300, 200);
    return box;
  }
}
