package dev.caplab.ui;

import dev.caplab.config.Mode;
import dev.caplab.config.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;

/**
 * Where node centres go in a pane: master on top with its slaves in a row below (all in one row,
 * master in the middle, when the pane is too short for two), or peers on a ring.
 */
final class TopologyLayout {

  private TopologyLayout() {}

  /** Room at the top for the mode title. */
  static final double TITLE_BAND = 34;

  /** Height two rows of cards need at scale 1: banner, card, a short link, banner, card, meter. */
  static final double FIT_HEIGHT =
      TITLE_BAND + 2 * (NodeView.BANNER + NodeView.CARD) + 20 + NodeView.METER;

  private static final double MIN_SCALE = 0.75;

  /**
   * Cards grow with the pane (up to 1.6×) so that a big window is not mostly empty, and shrink (to
   * 0.75×, still readable) when the pane is too short for two rows of them.
   */
  static double scale(double width, double height) {
    double grow = Math.max(1, Math.min(1.6, Math.min(width / 820, height / 470)));
    return grow > 1 ? grow : Math.max(MIN_SCALE, Math.min(1, height / FIT_HEIGHT));
  }

  static Map<String, Point2D> centers(
      List<NodeViewModel> nodes, Mode mode, double width, double height) {
    Map<String, Point2D> at = new LinkedHashMap<>();
    if (nodes.isEmpty()) {
      return at;
    }
    if (mode == Mode.CENTRALIZED) {
      List<NodeViewModel> slaves = nodes.stream().filter(n -> n.role() != Role.MASTER).toList();
      if (height < FIT_HEIGHT * MIN_SCALE
          && (slaves.size() + 1) * NodeView.WIDTH * scale(width, height) <= width) {
        return oneRow(nodes, slaves, width, height);
      }
      nodes.stream()
          .filter(n -> n.role() == Role.MASTER)
          .forEach(n -> at.put(n.id(), new Point2D(width / 2, height * 0.25)));
      // Evenly spaced; on a narrow pane (a lesson's panel beside it) spread to the edges so cards
      // do not overlap.
      int n = slaves.size();
      double gap = Math.max(width / (n + 1), Math.min(NodeView.WIDTH + 24, width / n));
      for (int i = 0; i < n; i++) {
        at.put(
            slaves.get(i).id(), new Point2D(width / 2 + (i - (n - 1) / 2.0) * gap, height * 0.74));
      }
      return fitVertically(at, width, height);
    }
    // An ellipse as wide as the pane allows: on a short pane the ring is squeezed in height only,
    // so its links stay long enough for their tokens and meters.
    double cardHalf = NodeView.WIDTH / 2 * scale(width, height);
    double rx = Math.max(0, Math.min(width * 0.36, width / 2 - cardHalf - 8));
    double ry = height * 0.33;
    double cx = width / 2;
    double cy = height * 0.52;
    for (int i = 0; i < nodes.size(); i++) {
      double angle = -Math.PI / 2 + 2 * Math.PI * i / nodes.size();
      at.put(nodes.get(i).id(), new Point2D(cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)));
    }
    return fitVertically(at, width, height);
  }

  /**
   * Master in the middle of one row: squeezed into two rows, the cards would cover each other (a
   * projector's 1024x768 leaves the diagram about 230 px).
   */
  private static Map<String, Point2D> oneRow(
      List<NodeViewModel> nodes, List<NodeViewModel> slaves, double width, double height) {
    List<NodeViewModel> row = new ArrayList<>(slaves);
    nodes.stream()
        .filter(n -> n.role() == Role.MASTER)
        .findFirst()
        .ifPresent(master -> row.add(slaves.size() / 2, master));
    int n = row.size();
    double gap = Math.min(width / n, NodeView.WIDTH * scale(width, height) + 120);
    Map<String, Point2D> at = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      at.put(row.get(i).id(), new Point2D(width / 2 + (i - (n - 1) / 2.0) * gap, height / 2));
    }
    return fitVertically(at, width, height);
  }

  /**
   * Moves (or, on a short pane, squeezes) the centres up or down so that every card with its banner
   * lies below the mode title and every card with its meter above the pane's bottom edge.
   */
  private static Map<String, Point2D> fitVertically(
      Map<String, Point2D> at, double width, double height) {
    double s = scale(width, height);
    double lo = TITLE_BAND + (NodeView.BANNER + NodeView.CARD / 2) * s;
    double hi = Math.max(lo, height - (NodeView.CARD / 2 + NodeView.METER) * s);
    double minY = at.values().stream().mapToDouble(Point2D::getY).min().orElse(lo);
    double maxY = at.values().stream().mapToDouble(Point2D::getY).max().orElse(lo);
    double squeeze = maxY - minY > hi - lo ? (hi - lo) / (maxY - minY) : 1;
    double top = Math.min(Math.max(minY, lo), hi - (maxY - minY) * squeeze);
    Map<String, Point2D> fitted = new LinkedHashMap<>();
    at.forEach((id, c) -> fitted.put(id, new Point2D(c.getX(), top + (c.getY() - minY) * squeeze)));
    return fitted;
  }
}
