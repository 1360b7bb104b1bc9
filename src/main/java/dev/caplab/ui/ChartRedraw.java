package dev.caplab.ui;

import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;

/**
 * Keeps a set of charts on a {@link ChartsViewModel}'s window and markers while they are shown:
 * hidden charts are not redrawn, and catch up when they are shown again. The charts tab and each
 * column of the compare view use it. FX thread only.
 */
final class ChartRedraw {

  private final BooleanProperty active = new SimpleBooleanProperty(true);

  /** fill puts a window's points into the charts' series; the span and the markers are set here. */
  ChartRedraw(
      ChartsViewModel model, List<MarkedChart> charts, Consumer<ChartsViewModel.Window> fill) {
    Consumer<ChartsViewModel.Window> show =
        w -> {
          for (MarkedChart chart : charts) {
            chart.setSpan(w.from(), w.to());
          }
          fill.accept(w);
        };
    Runnable showMarkers =
        () -> {
          for (MarkedChart chart : charts) {
            chart.setMarkers(model.markers());
          }
        };
    model
        .windowProperty()
        .addListener(
            (obs, was, now) -> {
              if (active.get()) {
                show.accept(now);
              }
            });
    model
        .markers()
        .addListener(
            (ListChangeListener<ChartsViewModel.Marker>)
                c -> {
                  if (active.get()) {
                    showMarkers.run();
                  }
                });
    active.addListener(
        (obs, was, now) -> {
          if (now) {
            show.accept(model.windowProperty().get());
            showMarkers.run();
          }
        });
  }

  /** Whether the charts are shown. */
  BooleanProperty activeProperty() {
    return active;
  }
}
