package dev.caplab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.BooleanProperty;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
      new MarkedChart("chart-throughput", "Done per second", "ops/s");
  private final MarkedChart latency = new MarkedChart("chart-latency", "Time taken", "ms");
  private final MarkedChart availability =
      new MarkedChart("chart-availability", "Succeeded, %", "%");
  private final MarkedChart stale = new MarkedChart("chart-stale", "Stale reads", "count");
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
    latency.getData().addAll(List.of(p50, p99));
    availability.getData().addAll(List.of(writes, reads));
    percentAxis(availability);
    stale.getData().add(staleReads);
    stale
        .yAxis()
        .setAutoRanging(false); // whole numbers, and a visible axis while the count is still 0
    stale.yAxis().setLowerBound(0);
    stale.setLegendVisible(false);
    // The bottom pane is short and each chart narrow: titles are a few words, the legend is the
    // caption line under the plot (the charts' own legends would squeeze or hide the plot), and the
    // full explanation is a hover away.
    throughput.setLegendVisible(false);
    latency.setLegendVisible(false);
    availability.setLegendVisible(false);
    getChildren()
        .addAll(
            panel(
                throughput,
                "Puts and gets from the console and the Load that succeeded, each second.",
                key("blue", "puts and gets")),
            panel(
                latency,
                "How long the operations that succeeded took. Median: half the operations were"
                    + " faster. p99: 99 in 100 were faster.",
                key("blue", "median"),
                key("orange", "p99")),
            panel(
                availability,
                "Each second, the share of puts (writes) and of gets (reads) that succeeded. One that"
                    + " failed or timed out counts against its line.",
                key("purple", "puts"),
                key("green", "gets")),
            panel(
                stale,
                "Reads that returned an old value, as the verdict found them; the checker counts"
                    + " each key once.",
                key("red", "old values read")));
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

  /** A line's colour and what it shows, for the caption under a chart. */
  private static Label key(String colour, String text) {
    Region swatch = new Region();
    swatch.getStyleClass().addAll("chart-key-swatch", colour);
    Label key = new Label(text, swatch);
    key.getStyleClass().add("chart-key");
    key.setMinWidth(Region.USE_PREF_SIZE); // a short legend is read whole, never as "med..."
    return key;
  }

  private static VBox panel(MarkedChart chart, String more, Label... keys) {
    HBox caption = new HBox(keys);
    caption.getStyleClass().add("chart-caption");
    Tooltip explained = new Tooltip(more);
    explained.setWrapText(true);
    explained.setMaxWidth(360);
    for (Label key : keys) {
      key.setTooltip(explained);
    }
    Tooltip.install(chart, explained);
    VBox box = new VBox(chart, caption);
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
