package dev.caplab.ui;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;

/** A message token: a small labelled pill bound to its token's progress between two node cards. */
final class TokenView extends Label {

  /** Tokens in opposite directions on one link keep apart by this much. */
  private static final double LANE = 9;

  /** Space between a token's edge and the card or banner it leaves or reaches. */
  private static final double EDGE_GAP = 4;

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
    List<Observable> deps =
        new ArrayList<>(List.of(token.progressProperty(), widthProperty(), heightProperty()));
    deps.addAll(List.of(from.geometry()));
    deps.addAll(List.of(to.geometry()));
    ObjectBinding<Point2D> centre =
        Bindings.createObjectBinding(
            () -> centre(token, from, to), deps.toArray(Observable[]::new));
    translateXProperty()
        .bind(Bindings.createDoubleBinding(() -> centre.get().getX() - getWidth() / 2, centre));
    translateYProperty()
        .bind(Bindings.createDoubleBinding(() -> centre.get().getY() - getHeight() / 2, centre));
  }

  /**
   * The token's centre: in its lane beside the link, from where the whole pill clears the sender's
   * card and banner to where it clears the receiver's, so that it never covers a node's status or
   * phase. Cards too close for that leave it still at the point between them.
   */
  private Point2D centre(Token token, NodeView from, NodeView to) {
    double x1 = from.cardX();
    double y1 = from.cardY();
    double dx = to.cardX() - x1;
    double dy = to.cardY() - y1;
    double length = Math.max(1, Math.hypot(dx, dy));
    double ux = dx / length;
    double uy = dy / length;
    // Perpendicular lane: the same side for one direction of a link, the other side for the
    // reverse.
    double lane = token.from().compareTo(token.to()) < 0 ? LANE : -LANE;
    double ox = -uy * lane;
    double oy = ux * lane;
    double halfW = getWidth() / 2 + EDGE_GAP;
    double halfH = getHeight() / 2 + EDGE_GAP;
    double leave = clearOf(from.obstacles(), x1 + ox, y1 + oy, ux, uy, halfW, halfH);
    double arrive =
        clearOf(to.obstacles(), to.cardX() + ox, to.cardY() + oy, -ux, -uy, halfW, halfH);
    double start = leave;
    double end = length - arrive;
    if (end < start) {
      start = leave * length / (leave + arrive);
      end = start;
    }
    double along = start + (end - start) * token.progress();
    return new Point2D(x1 + ox + ux * along, y1 + oy + uy * along);
  }

  /**
   * How far from (x, y) along (ux, uy) a pill of these half sizes first lies clear of every box.
   */
  private static double clearOf(
      List<Bounds> boxes, double x, double y, double ux, double uy, double halfW, double halfH) {
    double t = 0;
    for (int pass = 0; pass <= boxes.size(); pass++) {
      for (Bounds b : boxes) {
        double[] span =
            span(
                x,
                y,
                ux,
                uy,
                b.getMinX() - halfW,
                b.getMinY() - halfH,
                b.getMaxX() + halfW,
                b.getMaxY() + halfH);
        if (span != null && span[0] <= t && t < span[1]) {
          t = span[1];
        }
      }
    }
    return t;
  }

  /** The stretch [enter, exit] of the ray (x, y) + t (ux, uy) inside the box, or null. */
  private static double[] span(
      double x,
      double y,
      double ux,
      double uy,
      double minX,
      double minY,
      double maxX,
      double maxY) {
    double[] sx = slab(x, ux, minX, maxX);
    double[] sy = slab(y, uy, minY, maxY);
    if (sx == null || sy == null) {
      return null;
    }
    double enter = Math.max(sx[0], sy[0]);
    double exit = Math.min(sx[1], sy[1]);
    return enter < exit ? new double[] {enter, exit} : null;
  }

  private static double[] slab(double p, double d, double min, double max) {
    if (Math.abs(d) < 1e-9) {
      return p >= min && p <= max
          ? new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}
          : null;
    }
    double a = (min - p) / d;
    double b = (max - p) / d;
    return new double[] {Math.min(a, b), Math.max(a, b)};
  }
}
