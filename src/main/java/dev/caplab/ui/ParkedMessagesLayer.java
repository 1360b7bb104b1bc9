package dev.caplab.ui;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * Over the topology: each message held in step mode, parked at its sender's end of its link (click
 * delivers it, right-click drops it), and under each slave card its transactions blocked in doubt
 * with how long.
 */
final class ParkedMessagesLayer extends Pane {

  /** Distance from one parked message to the next on the same link. */
  private static final double STEP = 24;

  private static final double LANE = 11;
  private static final double EDGE_GAP = 16;

  private final StepModeViewModel step;
  private final InDoubtViewModel inDoubt;
  private final Function<String, NodeView> views;

  ParkedMessagesLayer(
      StepModeViewModel step, InDoubtViewModel inDoubt, Function<String, NodeView> views) {
    this.step = step;
    this.inDoubt = inDoubt;
    this.views = views;
    setId("parked-layer");
    setPickOnBounds(false); // clicks between the labels reach the nodes below
    step.parked().addListener((ListChangeListener<StepModeViewModel.Parked>) c -> rebuild());
    inDoubt.blocked().addListener((ListChangeListener<InDoubtViewModel.Blocked>) c -> rebuild());
  }

  /** Draws everything again; also called when the node views were replaced. */
  void rebuild() {
    getChildren().clear();
    Map<String, Integer> perLink = new HashMap<>();
    for (StepModeViewModel.Parked p : step.parked()) {
      NodeView from = views.apply(p.node());
      NodeView to = views.apply(p.to());
      if (from != null && to != null) {
        int slot = perLink.merge(p.node() + "->" + p.to(), 1, Integer::sum) - 1;
        getChildren().add(parked(p, from, to, slot));
      }
    }
    Map<String, Integer> perNode = new HashMap<>();
    for (InDoubtViewModel.Blocked b : inDoubt.blocked()) {
      NodeView at = views.apply(b.node());
      if (at != null) {
        getChildren().add(blocked(b, at, perNode.merge(b.node(), 1, Integer::sum) - 1));
      }
    }
  }

  private Label parked(StepModeViewModel.Parked p, NodeView from, NodeView to, int slot) {
    Label label = new Label(p.text(), icon(MaterialDesignP.PAUSE_CIRCLE_OUTLINE));
    label.setId("parked-" + p.node() + "-" + p.id());
    label.getStyleClass().addAll("token", "parked", p.kind().styleClass());
    label.setTooltip(
        new Tooltip(
            p.text()
                + " from "
                + p.node()
                + " to "
                + p.to()
                + " is held. Click: deliver it. Right-click: drop it (lost, as on a bad link)."));
    label.setOnMouseClicked(
        e -> {
          if (e.getButton() == MouseButton.SECONDARY) {
            step.drop(p);
          } else if (e.getButton() == MouseButton.PRIMARY) {
            step.deliver(p);
          }
          e.consume();
        });
    double along = EDGE_GAP + slot * STEP;
    label
        .layoutXProperty()
        .bind(
            point(from, to, p.node().compareTo(p.to()) < 0, along, true)
                .subtract(label.widthProperty().divide(2)));
    label
        .layoutYProperty()
        .bind(
            point(from, to, p.node().compareTo(p.to()) < 0, along, false)
                .subtract(label.heightProperty().divide(2)));
    return label;
  }

  private Label blocked(InDoubtViewModel.Blocked b, NodeView at, int row) {
    Label label = new Label();
    label.setId("blocked-" + b.node() + (row == 0 ? "" : "-" + row));
    label.getStyleClass().add("blocked-chip");
    label.setGraphic(icon(MaterialDesignT.TIMER_SAND));
    label
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> b.text(inDoubt.nowProperty().get()), inDoubt.nowProperty()));
    label.setTooltip(
        new Tooltip(
            "Prepared and voted yes, but no decision came and the master cannot be asked: the"
                + " key stays locked until the master is back (2PC blocks)."));
    label.setMouseTransparent(false);
    label
        .layoutXProperty()
        .bind(
            at.layoutXProperty().add(NodeView.WIDTH / 2).subtract(label.widthProperty().divide(2)));
    label
        .layoutYProperty()
        .bind(
            at.layoutYProperty()
                .add(NodeView.BANNER + NodeView.CARD + NodeView.METER + 2 + row * 22));
    return label;
  }

  private static FontIcon icon(org.kordamp.ikonli.Ikon ikon) {
    FontIcon icon = new FontIcon(ikon);
    icon.getStyleClass().add("parked-icon");
    return icon;
  }

  /**
   * x or y of a point on the link from one card towards another: {@code along} pixels past the
   * sender's card edge, shifted sideways into the sender's lane.
   */
  private static DoubleBinding point(
      NodeView from, NodeView to, boolean firstLane, double along, boolean x) {
    return Bindings.createDoubleBinding(
        () -> {
          double x1 = from.getLayoutX() + NodeView.WIDTH / 2;
          double y1 = from.getLayoutY() + NodeView.centerY();
          double x2 = to.getLayoutX() + NodeView.WIDTH / 2;
          double y2 = to.getLayoutY() + NodeView.centerY();
          double length = Math.max(1, Math.hypot(x2 - x1, y2 - y1));
          double ux = (x2 - x1) / length;
          double uy = (y2 - y1) / length;
          double edge =
              Math.min(
                  Math.abs(ux) < 1e-6 ? Double.MAX_VALUE : NodeView.WIDTH / 2 / Math.abs(ux),
                  Math.abs(uy) < 1e-6
                      ? Double.MAX_VALUE
                      : (NodeView.CARD / 2 + NodeView.BANNER) / Math.abs(uy));
          double d = Math.min(edge + along, Math.max(edge, length - edge - along / 2));
          double lane = firstLane ? LANE : -LANE;
          return x ? x1 + ux * d - uy * lane : y1 + uy * d + ux * lane;
        },
        from.layoutXProperty(),
        from.layoutYProperty(),
        to.layoutXProperty(),
        to.layoutYProperty());
  }
}
