package dev.caplab.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;

/** A message token: a small labelled pill bound to its token's progress between two node cards. */
final class TokenView extends Label {

  /** Tokens in opposite directions on one link keep apart by this much. */
  private static final double LANE = 9;

  private static final double EDGE_GAP = 10;

  // Pseudo-classes, not style classes: a style class change makes JavaFX match every selector
  // again.
  private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
  private static final PseudoClass LOST = PseudoClass.getPseudoClass("lost");

  TokenView(Token token, NodeView from, NodeView to) {
    getStyleClass().addAll("token", token.kind().styleClass());
    setMouseTransparent(true);
    textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> token.phase() == Token.Phase.LOST ? "✕ " + token.text() : token.text(),
                token.phaseProperty()));
    token
        .phaseProperty()
        .addListener(
            (obs, was, now) -> {
              pseudoClassStateChanged(WAITING, now == Token.Phase.WAITING);
              pseudoClassStateChanged(LOST, now == Token.Phase.LOST);
            });
    translateXProperty()
        .bind(coordinate(token, from, to, true).subtract(widthProperty().divide(2)));
    translateYProperty()
        .bind(coordinate(token, from, to, false).subtract(heightProperty().divide(2)));
  }

  /**
   * x or y of the token's centre: along the link from card edge to card edge, shifted into its
   * lane.
   */
  private static DoubleBinding coordinate(Token token, NodeView from, NodeView to, boolean x) {
    return Bindings.createDoubleBinding(
        () -> {
          double x1 = from.cardX();
          double y1 = from.cardY();
          double x2 = to.cardX();
          double y2 = to.cardY();
          double scale = to.getScaleX();
          double dx = x2 - x1;
          double dy = y2 - y1;
          double length = Math.max(1, Math.hypot(dx, dy));
          double ux = dx / length;
          double uy = dy / length;
          // Stop short of the card and of the phase banner above it.
          double trim =
              scale
                      * Math.min(
                          Math.abs(ux) < 1e-6
                              ? Double.MAX_VALUE
                              : NodeView.WIDTH / 2 / Math.abs(ux),
                          Math.abs(uy) < 1e-6
                              ? Double.MAX_VALUE
                              : (NodeView.CARD / 2 + NodeView.BANNER) / Math.abs(uy))
                  + EDGE_GAP;
          double travel = Math.max(0, length - 2 * trim);
          double along = trim + travel * token.progress();
          // Perpendicular lane: the same side for one direction of a link, the other side for the
          // reverse.
          double lane = token.from().compareTo(token.to()) < 0 ? LANE : -LANE;
          return x ? x1 + ux * along - uy * lane : y1 + uy * along + ux * lane;
        },
        token.progressProperty(),
        from.layoutXProperty(),
        from.layoutYProperty(),
        to.layoutXProperty(),
        to.layoutYProperty(),
        from.scaleYProperty(),
        to.scaleXProperty());
  }
}
