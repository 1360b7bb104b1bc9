package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;

/**
 * The cluster drawn as nodes and links, with message tokens between them and, on flooded links,
 * rate meters on top.
 */
final class TopologyView extends StackPane {

  private static final double CAPTION_MARGIN = 8;
  private static final double CAPTION_MAX_WIDTH = 330;
  private static final double CAPTION_MIN_WIDTH = 200;

  /** The legend's left padding (lab.css) and as much again on the right. */
  private static final double LEGEND_MARGIN = 14;

  /** How far a card's drop shadow reaches beyond it. */
  private static final double CARD_SHADOW = 18;

  private final LabViewModel lab;
  private final Pane canvas = new Pane();
  private final Group links = new Group();
  private final Group nodesLayer = new Group();
  private final Group metersLayer = new Group();
  private final Group tokensLayer = new Group();
  private final Map<String, NodeView> views = new HashMap<>();
  private final Map<Token, TokenView> tokenViews = new HashMap<>();
  private final Map<LinkMeter, LinkMeterView> meterViews = new HashMap<>();
  private final Label configError = new Label();
  private final Label modeTitle = new Label();
  private final ParkedMessagesLayer parked;
  private final QuorumOverlay quorum;
  private List<Point2D> placedCenters = List.of();
  private double placedScale = 1;

  TopologyView(LabViewModel lab) {
    this.lab = lab;
    this.parked = new ParkedMessagesLayer(lab.step(), lab.inDoubt(), views::get);
    this.quorum = new QuorumOverlay(lab.quorum(), views::get);
    // After the overlay's own listener has filled the caption: its height decides where it fits.
    lab.quorum()
        .overlayProperty()
        .addListener((obs, was, now) -> placeCaption(placedCenters, placedScale));
    createView();
    bindModel();
  }

  private void createView() {
    setId("topology");
    getStyleClass().add("topology");
    // Tokens under the cards: where two cards nearly touch (a small window) a token may slide
    // under one, but never hides a node's status or phase.
    canvas
        .getChildren()
        .addAll(links, quorum.outlines(), tokensLayer, nodesLayer, metersLayer, parked);
    canvas.setMinSize(0, 0);
    configError.setId("config-error");
    configError.getStyleClass().add("config-error");
    configError.setWrapText(true);
    configError.setMaxWidth(640);
    modeTitle.getStyleClass().add("mode-title");
    StackPane.setAlignment(modeTitle, Pos.TOP_LEFT);
    Legend legend = new Legend();
    StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
    // As wide as the pane: fewer rows leave more height for the cards.
    legend.prefWrapLengthProperty().bind(widthProperty().subtract(2 * LEGEND_MARGIN));
    StackPane.setAlignment(quorum.caption(), Pos.TOP_RIGHT);
    // Cards are laid out above the legend, not under it: on a short pane (1280x800 with the
    // lower tabs open) the legend covered the bottom of the slaves' cards.
    legend
        .heightProperty()
        .addListener(
            (obs, was, h) -> {
              StackPane.setMargin(canvas, new Insets(0, 0, h.doubleValue(), 0));
              StackPane.setMargin(
                  quorum.caption(),
                  new Insets(CAPTION_MARGIN, CAPTION_MARGIN, CAPTION_MARGIN + h.doubleValue(), 0));
            });
    StackPane.setMargin(
        quorum.caption(), new Insets(CAPTION_MARGIN, CAPTION_MARGIN, CAPTION_MARGIN, 0));
    getChildren().addAll(canvas, modeTitle, legend, quorum.caption(), configError);
  }

  private void bindModel() {
    configError.textProperty().bind(lab.picker().errorProperty());
    configError.visibleProperty().bind(lab.picker().errorProperty().isNotEmpty());
    modeTitle
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> title(lab.configProperty().get()), lab.configProperty()));
    lab.nodes().addListener((ListChangeListener<NodeViewModel>) c -> rebuild());
    canvas.widthProperty().addListener((obs, was, now) -> relayout());
    canvas.heightProperty().addListener((obs, was, now) -> relayout());
    lab.flow()
        .tokens()
        .addListener(
            (ListChangeListener<Token>)
                c -> {
                  while (c.next()) {
                    c.getRemoved()
                        .forEach(t -> tokensLayer.getChildren().remove(tokenViews.remove(t)));
                    c.getAddedSubList().forEach(this::addToken);
                  }
                });
    lab.flow()
        .meters()
        .addListener(
            (ListChangeListener<LinkMeter>)
                c -> {
                  while (c.next()) {
                    c.getRemoved()
                        .forEach(m -> metersLayer.getChildren().remove(meterViews.remove(m)));
                    c.getAddedSubList().forEach(this::addMeter);
                  }
                });
    lab.highlight().addListener((SetChangeListener<String>) c -> pointAt());
    rebuild();
  }

  /** Marks the nodes and links the lesson's current say step names. */
  private void pointAt() {
    views.forEach((id, view) -> view.setPointedAt(lab.highlight().contains(id)));
    for (javafx.scene.Node n : links.getChildren()) {
      LinkView link = (LinkView) n;
      link.setPointedAt(
          lab.highlight().contains(link.a() + "--" + link.b())
              || lab.highlight().contains(link.b() + "--" + link.a()));
    }
  }

  private void rebuild() {
    views.clear();
    nodesLayer.getChildren().clear();
    for (NodeViewModel n : lab.nodes()) {
      NodeView view = new NodeView(n, lab);
      views.put(n.id(), view);
      nodesLayer.getChildren().add(view);
    }
    relayout();
    parked.rebuild();
  }

  private void relayout() {
    ClusterConfig config = lab.configProperty().get();
    if (config == null) {
      clearLinks();
      return;
    }
    Map<String, Point2D> centers =
        TopologyLayout.centers(lab.nodes(), config.mode(), canvas.getWidth(), canvas.getHeight());
    double scale = TopologyLayout.scale(canvas.getWidth(), canvas.getHeight());
    centers.forEach(
        (id, c) -> {
          NodeView v = views.get(id);
          if (v != null) {
            v.placeCard(c.getX(), c.getY(), scale);
          }
        });
    clearLinks();
    List<NodeViewModel> nodes = lab.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        NodeViewModel a = nodes.get(i);
        NodeViewModel b = nodes.get(j);
        boolean linked =
            config.mode() == Mode.DECENTRALIZED
                || a.role() == Role.MASTER
                || b.role() == Role.MASTER;
        if (linked && centers.containsKey(a.id()) && centers.containsKey(b.id())) {
          // Drawn from the rules the nodes report, so an isolate shows as every link of the node
          // cut.
          links
              .getChildren()
              .add(
                  new LinkView(
                      lab.links(),
                      a.id(),
                      b.id(),
                      centers.get(a.id()),
                      centers.get(b.id()),
                      NodeView.WIDTH / 2 * scale,
                      NodeView.CARD / 2 * scale));
        }
      }
    }
    pointAt();
    placeCaption(centers.values(), scale);
    quorum.redraw();
  }

  /**
   * The quorum caption goes in the right-hand corner (top or bottom) with the most room beside the
   * cards its height spans, and no wider than that room, so that it covers no card, banner or
   * weight. Where neither corner has room for it whole (a short topology), it shrinks to its title
   * and tells the sets on hover.
   */
  private void placeCaption(java.util.Collection<Point2D> centers, double scale) {
    placedCenters = List.copyOf(centers);
    placedScale = scale;
    for (boolean compact : new boolean[] {false, true}) {
      quorum.setCompact(compact);
      quorum.caption().applyCss();
      Corner top = corner(true, centers, scale);
      Corner bottom = corner(false, centers, scale);
      Corner best = top.room() >= bottom.room() ? top : bottom;
      if (best.room() >= CAPTION_MIN_WIDTH || compact) {
        StackPane.setAlignment(quorum.caption(), best.top() ? Pos.TOP_RIGHT : Pos.BOTTOM_RIGHT);
        quorum.caption().setMaxWidth(best.width());
        return;
      }
    }
  }

  private record Corner(boolean top, double room, double width) {}

  /**
   * The room right of every card whose height the caption spans in this corner; the caption's
   * height depends on its width, so the two are worked out twice.
   */
  private Corner corner(boolean top, java.util.Collection<Point2D> centers, double scale) {
    double half = NodeView.WIDTH / 2 * scale + CARD_SHADOW;
    double above = (NodeView.CARD / 2 + NodeView.BANNER) * scale;
    double below = (NodeView.CARD / 2 + NodeView.METER) * scale;
    double width = CAPTION_MAX_WIDTH;
    double room = 0;
    for (int round = 0; round < 2; round++) {
      double h = quorum.caption().prefHeight(width);
      double from = top ? CAPTION_MARGIN : canvas.getHeight() - CAPTION_MARGIN - h;
      double to = from + h;
      double edge = 0;
      for (Point2D c : centers) {
        if (c.getY() - above < to && c.getY() + below > from) {
          edge = Math.max(edge, c.getX() + half);
        }
      }
      room = canvas.getWidth() - edge - 2 * CAPTION_MARGIN;
      width = Math.max(CAPTION_MIN_WIDTH, Math.min(CAPTION_MAX_WIDTH, room));
    }
    return new Corner(top, room, width);
  }

  private void clearLinks() {
    links.getChildren().forEach(n -> ((LinkView) n).dispose());
    links.getChildren().clear();
  }

  private void addToken(Token token) {
    NodeView from = views.get(token.from());
    NodeView to = views.get(token.to());
    if (from != null && to != null) {
      TokenView view = new TokenView(token, from, to);
      tokenViews.put(token, view);
      tokensLayer.getChildren().add(view);
    }
  }

  /**
   * A flooded link's meter, beside the middle of the link on its outer side (away from the other
   * nodes), clear of the token lanes: tokens sliding over it made both unreadable.
   */
  private void addMeter(LinkMeter meter) {
    NodeView a = views.get(meter.a());
    NodeView b = views.get(meter.b());
    if (a == null || b == null) {
      return;
    }
    LinkMeterView view = new LinkMeterView(meter);
    javafx.beans.Observable[] deps = {
      a.layoutXProperty(),
      a.layoutYProperty(),
      b.layoutXProperty(),
      b.layoutYProperty(),
      view.widthProperty(),
      view.heightProperty()
    };
    view.layoutXProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> meterCentre(a, b, view, true) - view.getWidth() / 2, deps));
    view.layoutYProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> meterCentre(a, b, view, false) - view.getHeight() / 2, deps));
    meterViews.put(meter, view);
    metersLayer.getChildren().add(view);
  }

  /** How far from the link line a token lane's far edge lies: lane offset plus half a token. */
  private static final double LANES_CLEAR = 9 + 10 + 4;

  private double meterCentre(NodeView a, NodeView b, LinkMeterView view, boolean x) {
    double ax = a.cardX();
    double ay = a.cardY();
    double bx = b.cardX();
    double by = b.cardY();
    double length = Math.max(1, Math.hypot(bx - ax, by - ay));
    double nx = -(by - ay) / length;
    double ny = (bx - ax) / length;
    // The normal that points away from the middle of all nodes: outside the cluster's shape.
    double cx = 0;
    double cy = 0;
    for (NodeView v : views.values()) {
      cx += v.cardX() / views.size();
      cy += v.cardY() / views.size();
    }
    double mx = (ax + bx) / 2;
    double my = (ay + by) / 2;
    if (nx * (mx - cx) + ny * (my - cy) < 0) {
      nx = -nx;
      ny = -ny;
    }
    double extent = Math.abs(nx) * view.getWidth() / 2 + Math.abs(ny) * view.getHeight() / 2;
    double d = LANES_CLEAR + extent;
    return x ? mx + nx * d : my + ny * d;
  }

  private static String title(ClusterConfig c) {
    if (c == null) {
      return "";
    }
    return c.mode() == Mode.CENTRALIZED
        ? "Centralized · two-phase commit · slave failure: "
            + c.onSlaveFailure().name().toLowerCase()
        : "Decentralized · weighted quorum · W="
            + c.writeQuorum()
            + " R="
            + c.readQuorum()
            + " of "
            + c.totalWeight()
            + " votes";
  }
}
