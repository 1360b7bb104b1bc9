package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.Mode;
import dev.caplab.config.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;

/** The cluster drawn as nodes and links, with message tokens and flood badges on top. */
final class TopologyView extends StackPane {

  private final LabViewModel lab;
  private final Pane canvas = new Pane();
  private final Group links = new Group();
  private final Group nodesLayer = new Group();
  private final Group badgesLayer = new Group();
  private final Group tokensLayer = new Group();
  private final Map<String, NodeView> views = new HashMap<>();
  private final Map<Token, TokenView> tokenViews = new HashMap<>();
  private final Map<LinkBadge, Label> badgeViews = new HashMap<>();
  private final Label configError = new Label();
  private final Label modeTitle = new Label();
  private final ParkedMessagesLayer parked;
  private final QuorumOverlay quorum;

  TopologyView(LabViewModel lab) {
    this.lab = lab;
    this.parked = new ParkedMessagesLayer(lab.step(), lab.inDoubt(), views::get);
    this.quorum = new QuorumOverlay(lab.quorum(), views::get);
    createView();
    bindModel();
  }

  private void createView() {
    setId("topology");
    getStyleClass().add("topology");
    canvas.getChildren().addAll(links, quorum.outlines(), nodesLayer, badgesLayer, tokensLayer, parked);
    canvas.setMinSize(0, 0);
    configError.setId("config-error");
    configError.getStyleClass().add("config-error");
    configError.setWrapText(true);
    configError.setMaxWidth(640);
    modeTitle.getStyleClass().add("mode-title");
    StackPane.setAlignment(modeTitle, Pos.TOP_LEFT);
    Legend legend = new Legend();
    StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
    StackPane.setAlignment(quorum.caption(), Pos.TOP_RIGHT);
    StackPane.setMargin(quorum.caption(), new Insets(8, 8, 0, 0));
    getChildren().addAll(canvas, modeTitle, legend, quorum.caption(), configError);
  }

  private void bindModel() {
    configError.textProperty().bind(lab.picker().errorProperty());
    configError.visibleProperty().bind(lab.picker().errorProperty().isNotEmpty());
    modeTitle.textProperty().bind(Bindings.createStringBinding(() -> title(lab.configProperty().get()),
        lab.configProperty()));
    lab.nodes().addListener((ListChangeListener<NodeViewModel>) c -> rebuild());
    canvas.widthProperty().addListener((obs, was, now) -> relayout());
    canvas.heightProperty().addListener((obs, was, now) -> relayout());
    lab.flow().tokens().addListener((ListChangeListener<Token>) c -> {
      while (c.next()) {
        c.getRemoved().forEach(t -> tokensLayer.getChildren().remove(tokenViews.remove(t)));
        c.getAddedSubList().forEach(this::addToken);
      }
    });
    lab.flow().badges().addListener((ListChangeListener<LinkBadge>) c -> {
      while (c.next()) {
        c.getRemoved().forEach(b -> badgesLayer.getChildren().remove(badgeViews.remove(b)));
        c.getAddedSubList().forEach(this::addBadge);
      }
    });
    rebuild();
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
    Map<String, Point2D> centers = TopologyLayout.centers(lab.nodes(), config.mode(), canvas.getWidth(),
        canvas.getHeight());
    double scale = TopologyLayout.scale(canvas.getWidth(), canvas.getHeight());
    centers.forEach((id, c) -> {
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
        boolean linked = config.mode() == Mode.DECENTRALIZED || a.role() == Role.MASTER || b.role() == Role.MASTER;
        if (linked && centers.containsKey(a.id()) && centers.containsKey(b.id())) {
          // Drawn from the rules the nodes report, so an isolate shows as every link of the node cut.
          links.getChildren().add(new LinkView(lab.links(), a.id(), b.id(), centers.get(a.id()),
              centers.get(b.id()), NodeView.WIDTH / 2 * scale, NodeView.CARD / 2 * scale));
        }
      }
    }
    quorum.redraw();
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

  private void addBadge(LinkBadge badge) {
    NodeView from = views.get(badge.from());
    NodeView to = views.get(badge.to());
    if (from == null || to == null) {
      return;
    }
    // The count in a bubble of its own, so that it does not read as part of the message (as "grant ×2" did).
    Label count = new Label();
    count.getStyleClass().add("badge-count");
    count.textProperty().bind(badge.countProperty().asString());
    Label label = new Label(badge.label(), count);
    label.setContentDisplay(ContentDisplay.RIGHT);
    label.getStyleClass().addAll("badge", badge.kind().styleClass());
    Tooltip.install(label, new Tooltip(Legend.BADGE_TIP));
    long sameLink = badgeViews.keySet().stream().filter(b -> b.from().equals(badge.from())
        && b.to().equals(badge.to())).count();
    double side = badge.from().compareTo(badge.to()) < 0 ? 1 : -1;
    label.layoutXProperty().bind(from.layoutXProperty().add(to.layoutXProperty()).divide(2)
        .add(NodeView.WIDTH / 2 + 14 * side).subtract(label.widthProperty().divide(2)));
    label.layoutYProperty().bind(from.layoutYProperty().add(to.layoutYProperty()).divide(2)
        .add(NodeView.centerY() + side * (16 + 22 * sameLink)).subtract(label.heightProperty().divide(2)));
    badgeViews.put(badge, label);
    badgesLayer.getChildren().add(label);
  }

  private static String title(ClusterConfig c) {
    if (c == null) {
      return "";
    }
    return c.mode() == Mode.CENTRALIZED
        ? "Centralized · two-phase commit · slave failure: " + c.onSlaveFailure().name().toLowerCase()
        : "Decentralized · weighted quorum · W=" + c.writeQuorum() + " R=" + c.readQuorum() + " of "
            + c.totalWeight() + " votes";
  }
}
