package dev.caplab.ui;

import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;

/**
 * What each token style means: one sample per colour, the waiting and lost looks, and a busy link's
 * rate meter.
 */
final class Legend extends FlowPane {

  Legend() {
    super(6, 4);
    setId("legend");
    getStyleClass().add("legend");
    setPickOnBounds(false);
    setAlignment(Pos.BOTTOM_LEFT);
    setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    setPrefWrapLength(560);
    sample("token-request", "prepare · vote? · read", "Asks for something: a vote, a value.");
    sample(
        "token-positive",
        "yes · grant +2 · ack",
        "Agrees or confirms. 'grant +2': a vote that adds its voter's"
            + " weight, 2, to the quorum count.");
    sample("token-negative", "no · abort", "Refuses or cancels.");
    sample("token-decision", "commit · write", "Carries a decision or the data to store.");
    sample("token-repair", "repair · catch-up", "Brings a replica up to date.");
    sample(
        "token-other",
        "join · confirm · tx-status",
        "Protocol housekeeping: a slave joining, a write being"
            + " confirmed, a participant asking how a transaction ended.");
    sample(
        "token-background",
        "lease · probe",
        "Traffic no client caused: read leases, probes, anti-entropy."
            + " Drawn only with Show lease traffic on.");
    Label waiting =
        sample(
            "token-request",
            "waiting",
            "Dashed: the message reached the node, which has not taken"
                + " it in yet (slow, busy or down). It turns into ✕ after "
                + (int) (MessageFlow.LOST_AFTER_MILLIS / 1000)
                + " s.");
    waiting.getStyleClass().add("token-waiting");
    Label lost =
        sample(
            "token-request",
            "✕ lost",
            "Never received: dropped by a partition, or its receiver died.");
    lost.getStyleClass().add("token-lost");
    // A flooded link's meter: what the sample of tokens leaves out.
    LinkMeter example = new LinkMeter("a", "b");
    for (int n = 0; n < 6; n++) {
      example.count("prepare", 0);
      example.count("vote-yes", 0);
      example.count("commit", 0);
      example.count("ack", 0);
    }
    example.refresh(0);
    LinkMeterView meter = new LinkMeterView(example);
    meter.getStyleClass().add("legend-meter");
    meter.setMouseTransparent(true); // the legend's own tooltip explains it
    Label meterText = new Label("busy link", meter);
    meterText.setContentDisplay(ContentDisplay.LEFT);
    meterText.getStyleClass().addAll("legend-item", "legend-meter-text");
    Tooltip tip = new Tooltip(LinkMeterView.TIP);
    tip.setWrapText(true);
    tip.setMaxWidth(360);
    meterText.setTooltip(tip);
    getChildren().add(meterText);
  }

  private Label sample(String kind, String text, String tip) {
    Label l = new Label(text);
    l.getStyleClass().addAll("token", "legend-item", kind);
    Tooltip t = new Tooltip(tip);
    t.setWrapText(true);
    t.setMaxWidth(360);
    l.setTooltip(t);
    getChildren().add(l);
    return l;
  }
}
