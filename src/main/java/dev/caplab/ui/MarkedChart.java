package dev.caplab.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Label;
import javafx.scene.shape.Line;

/**
 * A line chart over seconds since Start, without animation or point symbols (it is redrawn once a
 * second), with a vertical marker and a short label at each fault and experiment action.
 */
final class MarkedChart extends LineChart<Number, Number> {

  /** Labels of close markers take turns on this many rows, so they do not cover each other. */
  private static final int LABEL_ROWS = 3;

  private final List<ChartsViewModel.Marker> markers = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<Label> labels = new ArrayList<>();

  MarkedChart(String id, String title, String yLabel) {
    super(new NumberAxis(), new NumberAxis());
    setId(id);
    setTitle(title);
    setAnimated(false);
    setCreateSymbols(false);
    getStyleClass().add("lab-chart");
    NumberAxis x = (NumberAxis) getXAxis();
    x.setLabel("seconds since Start");
    x.setAutoRanging(false);
    x.setMinorTickVisible(false);
    x.setAnimated(false);
    NumberAxis y = (NumberAxis) getYAxis();
    y.setLabel(yLabel);
    y.setMinorTickVisible(false);
    y.setForceZeroInRange(true);
    y.setAnimated(false);
  }

  NumberAxis yAxis() {
    return (NumberAxis) getYAxis();
  }

  /** Shows from..to seconds since Start. */
  void setSpan(double from, double to) {
    NumberAxis x = (NumberAxis) getXAxis();
    double span = to - from;
    x.setLowerBound(from);
    x.setUpperBound(to);
    x.setTickUnit(span <= 60 ? 10 : span <= 150 ? 30 : 60);
  }

  /** Replaces the markers (nodes are made here, placed in layout). */
  void setMarkers(List<ChartsViewModel.Marker> shown) {
    getPlotChildren().removeAll(lines);
    getPlotChildren().removeAll(labels);
    markers.clear();
    lines.clear();
    labels.clear();
    for (ChartsViewModel.Marker m : shown) {
      String kind = m.kind().name().toLowerCase(Locale.ROOT);
      Line line = new Line();
      line.getStyleClass().addAll("marker-line", kind);
      Label label = new Label(m.label());
      label.getStyleClass().addAll("fault-marker", kind);
      label.setManaged(false);
      markers.add(m);
      lines.add(line);
      labels.add(label);
    }
    getPlotChildren().addAll(lines);
    getPlotChildren().addAll(labels);
    requestChartLayout();
  }

  @Override
  protected void layoutPlotChildren() {
    super.layoutPlotChildren();
    NumberAxis x = (NumberAxis) getXAxis();
    double height = getYAxis().getHeight();
    for (int i = 0; i < markers.size(); i++) {
      double at = Math.round(x.getDisplayPosition(markers.get(i).seconds())) + 0.5;
      boolean inside = markers.get(i).seconds() >= x.getLowerBound();
      Line line = lines.get(i);
      line.setStartX(at);
      line.setEndX(at);
      line.setStartY(0);
      line.setEndY(height);
      line.setVisible(inside);
      Label label = labels.get(i);
      label.autosize();
      // Near the right edge (the newest marker, usually) the label goes on the line's left.
      double left = at + 2 + label.getWidth() > x.getWidth() ? at - 2 - label.getWidth() : at + 2;
      label.relocate(left, (i % LABEL_ROWS) * (label.getHeight() + 1));
      label.setVisible(inside);
    }
  }
}
