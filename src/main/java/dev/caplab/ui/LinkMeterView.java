package dev.caplab.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.Duration;

/**
 * One link's {@link LinkMeter}: a short bar split by message kind (coloured like the tokens) and
 * the total rate. Redrawn when the meter refreshes, a few times a second, never per message.
 */
final class LinkMeterView extends HBox {

  static final double BAR_WIDTH = 54;
  static final String TIP =
      "This link carries more messages than can be animated: the tokens on it are a"
          + " sample (at most "
          + MessageFlow.MAX_PER_LINK
          + " each way, plus one of every message type). The bar"
          + " splits the link's message rate by kind, coloured like the tokens; the number is messages per second,"
          + " both ways together.";

  private final LinkMeter meter;
  private final HBox bar = new HBox();
  private final Label rate = new Label();
  private final Tooltip tip = new Tooltip();
  private final java.util.Map<MessageKind, Region> parts =
      new java.util.EnumMap<>(MessageKind.class);

  LinkMeterView(LinkMeter meter) {
    this.meter = meter;
    createView();
    bindModel();
  }

  LinkMeter meter() {
    return meter;
  }

  private void createView() {
    setId("meter-" + meter.a() + "-" + meter.b());
    getStyleClass().add("link-meter");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(4);
    bar.getStyleClass().add("link-meter-bar");
    bar.setMinWidth(BAR_WIDTH);
    bar.setPrefWidth(BAR_WIDTH);
    bar.setMaxWidth(BAR_WIDTH);
    for (MessageKind kind : MessageKind.values()) {
      // Made once and resized: new nodes four times a second would each be styled from scratch.
      Region part = new Region();
      part.getStyleClass().addAll("link-meter-part", kind.styleClass());
      part.setVisible(false);
      part.setManaged(false);
      parts.put(kind, part);
      bar.getChildren().add(part);
    }
    rate.getStyleClass().add("link-meter-rate");
    rate.setMinWidth(Region.USE_PREF_SIZE);
    tip.setWrapText(true);
    tip.setMaxWidth(380);
    tip.setShowDelay(Duration.millis(300));
    Tooltip.install(this, tip);
    getChildren().addAll(bar, rate);
  }

  private void bindModel() {
    meter.versionProperty().addListener((obs, was, now) -> update());
    update();
  }

  private void update() {
    rate.setText(meter.shortText());
    tip.setText(meter.details() + "\n\n" + TIP);
    double total = meter.total();
    for (MessageKind kind : MessageKind.values()) {
      Double r = meter.byKind().get(kind);
      Region part = parts.get(kind);
      boolean shown = r != null && total > 0;
      part.setVisible(shown);
      part.setManaged(shown);
      if (shown) {
        double w = Math.max(2, BAR_WIDTH * r / total);
        part.setMinWidth(w);
        part.setPrefWidth(w);
        part.setMaxWidth(w);
      }
    }
  }
}
