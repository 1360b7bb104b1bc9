package dev.caplab.ui;

import java.util.List;
import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * Draws the {@link QuorumViewModel}'s overlay: a blue outline around each node of the write quorum,
 * a green one around each node of the read quorum (a node in both has both), and a caption with the
 * weights summed. The outlines go into the topology's canvas beneath the cards; the caption sits in
 * a corner.
 */
final class QuorumOverlay {

  static final String TIP =
      "Blue outline: the nodes whose acks made the write's quorum (they hold the new version"
          + " on disk). Green outline: the nodes whose votes made the read's quorum; the read answers the newest version"
          + " among them. The read sees the write only if the two sets share a node, which Gifford's rule"
          + " Qr + Qw > total votes guarantees. Taken from the coordinators' own quorum events.";
  private static final double WRITE_PAD = 7;
  private static final double READ_PAD = 15;

  private final QuorumViewModel model;
  private final Function<String, NodeView> views;
  private final Group outlines = new Group();
  private final VBox caption = new VBox(3);
  private final VBox lines = new VBox(2);
  private final Label title = new Label();
  private final Tooltip tip = new Tooltip(TIP);

  QuorumOverlay(QuorumViewModel model, Function<String, NodeView> views) {
    this.model = model;
    this.views = views;
    createView();
    model.overlayProperty().addListener((obs, was, now) -> redraw());
  }

  /** Goes into the canvas, beneath the cards. */
  Group outlines() {
    return outlines;
  }

  /** Goes into a corner of the topology. */
  VBox caption() {
    return caption;
  }

  private void createView() {
    outlines.setMouseTransparent(true);
    caption.setId("quorum-caption");
    caption.getStyleClass().add("quorum-caption");
    caption.setMaxWidth(330);
    caption.setMaxHeight(Region.USE_PREF_SIZE);
    title.getStyleClass().add("quorum-caption-title");
    Button close = new Button("✕");
    close.setId("quorum-dismiss");
    close.getStyleClass().add("quorum-dismiss");
    close.setTooltip(new Tooltip("Hide the overlay until the next quorum"));
    close.setOnAction(e -> model.dismiss());
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox head = new HBox(6, title, gap, close);
    head.setAlignment(Pos.CENTER_LEFT);
    title.setId("quorum-title");
    title.setMinWidth(
        Region.USE_PREF_SIZE); // read whole, even where the room beside the cards is less
    caption.getChildren().addAll(head, lines);
    setCompact(false);
    tip.setWrapText(true);
    tip.setMaxWidth(440);
    Tooltip.install(caption, tip);
    caption.setVisible(false);
  }

  /**
   * Compact: the caption is one line, and its tooltip tells the sets, for a topology too short to
   * hold it whole beside the cards.
   */
  void setCompact(boolean on) {
    QuorumViewModel.Overlay o = model.overlayProperty().get();
    lines.setVisible(!on);
    lines.setManaged(!on);
    title.setText(on ? "Quorum overlay · hover to read" : "Quorum overlay");
    tip.setText(on && o != null ? String.join("\n", o.lines()) + "\n\n" + TIP : TIP);
  }

  /** Draws the overlay again, after it changed or the nodes moved. */
  void redraw() {
    outlines.getChildren().clear();
    lines.getChildren().clear();
    QuorumViewModel.Overlay o = model.overlayProperty().get();
    caption.setVisible(o != null);
    if (o == null) {
      return;
    }
    caption.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("stale"), o.stale());
    if (o.write() != null) {
      outline(o.write().voters(), WRITE_PAD, "quorum-write", "W");
    }
    if (o.read() != null) {
      outline(o.read().voters(), READ_PAD, o.stale() ? "quorum-read-stale" : "quorum-read", "R");
    }
    List<String> styles = new java.util.ArrayList<>();
    if (o.write() != null) {
      styles.add("quorum-line-write");
    }
    if (o.read() != null) {
      styles.add(o.stale() ? "quorum-line-stale" : "quorum-line-read");
    }
    styles.add(o.stale() ? "quorum-line-stale" : "quorum-line-both");
    for (int i = 0; i < o.lines().size(); i++) {
      Label line = new Label(o.lines().get(i));
      line.setWrapText(true);
      line.setId("quorum-line-" + i);
      line.getStyleClass().addAll("quorum-line", styles.get(Math.min(i, styles.size() - 1)));
      lines.getChildren().add(line);
    }
  }

  private void outline(List<String> voters, double pad, String style, String tag) {
    for (String id : voters) {
      NodeView v = views.apply(id);
      if (v == null) {
        continue;
      }
      double w = NodeView.WIDTH * v.getScaleX() + 2 * pad;
      double h = NodeView.CARD * v.getScaleY() + 2 * pad;
      Rectangle r = new Rectangle(v.cardX() - w / 2, v.cardY() - h / 2, w, h);
      r.setArcWidth(22);
      r.setArcHeight(22);
      r.getStyleClass().addAll("quorum-outline", style);
      r.setId("quorum-" + tag.toLowerCase() + "-" + id);
      outlines.getChildren().add(r);
    }
  }
}
