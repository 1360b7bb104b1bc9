package dev.caplab.ui;

import dev.caplab.config.Role;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.css.PseudoClass;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** One node on the topology: phase banner, card (id, role, weight, status, keys) and vote meter. */
final class NodeView extends VBox {

  static final double WIDTH = 200;
  static final double BANNER = 30;
  static final double CARD = 104;
  static final double METER = 38;
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass FRESH = PseudoClass.getPseudoClass("fresh");
  private static final PseudoClass SLOW = PseudoClass.getPseudoClass("slowed");
  private static final PseudoClass POINTED = PseudoClass.getPseudoClass("lesson");

  private final NodeViewModel node;
  private final LabViewModel lab;
  private final Label banner = new Label();
  private final Group bannerGroup = new Group(banner);
  private final VBox card = new VBox(4);
  private final Label status = new Label();
  private final Label keys = new Label();
  private final Label pending = new Label();
  private final Label detail = new Label();
  private final Label isolated = new Label("isolated");
  private final Label slowed = new Label();
  private final Label excluded = new Label("out of the group");
  private final ProgressBar meterBar = new ProgressBar(0);
  private final Label meterText = new Label();
  private final VBox meter = new VBox(2, meterBar, meterText);

  NodeView(NodeViewModel node, LabViewModel lab) {
    this.node = node;
    this.lab = lab;
    createView();
    bindModel();
  }

  NodeViewModel model() {
    return node;
  }

  static final double HEIGHT = BANNER + CARD + METER;

  /** A lesson points at this node (its say step names it). */
  void setPointedAt(boolean on) {
    card.pseudoClassStateChanged(POINTED, on);
  }

  /** The card's centre relative to this view's origin at scale 1: where links and tokens attach. */
  static double centerY() {
    return BANNER + CARD / 2;
  }

  /** Scales the view (about its centre) and moves it so that its card's centre is at (x, y). */
  void placeCard(double x, double y, double scale) {
    setScaleX(scale);
    setScaleY(scale);
    relocate(x - WIDTH / 2, y - HEIGHT / 2 - (centerY() - HEIGHT / 2) * scale);
  }

  /** The card's centre in the parent, whatever the scale. */
  double cardX() {
    return getLayoutX() + WIDTH / 2;
  }

  double cardY() {
    return getLayoutY() + HEIGHT / 2 + (centerY() - HEIGHT / 2) * getScaleY();
  }

  /**
   * What a token must keep clear of, in the parent's coordinates: the card and, while it shows, the
   * phase banner above it.
   */
  List<Bounds> obstacles() {
    double scale = getScaleY();
    Bounds card =
        new BoundingBox(
            cardX() - WIDTH / 2 * scale, cardY() - CARD / 2 * scale, WIDTH * scale, CARD * scale);
    if (!banner.isVisible() || banner.getWidth() <= 0) {
      return List.of(card);
    }
    return List.of(
        card, localToParent(sceneToLocal(banner.localToScene(banner.getLayoutBounds()))));
  }

  /** What {@link #obstacles} depends on. */
  Observable[] geometry() {
    return new Observable[] {
      layoutXProperty(),
      layoutYProperty(),
      scaleXProperty(),
      scaleYProperty(),
      banner.visibleProperty(),
      bannerGroup.boundsInParentProperty()
    };
  }

  private void createView() {
    setId("node-" + node.id());
    getStyleClass().add("node-view");
    setAlignment(Pos.TOP_CENTER);
    setPrefSize(WIDTH, HEIGHT);
    setMinSize(WIDTH, HEIGHT);
    setMaxSize(WIDTH, HEIGHT);

    banner.setId("phase-" + node.id());
    banner.setMinWidth(Region.USE_PREF_SIZE); // may be wider than the card rather than cut short
    banner
        .getStyleClass()
        .addAll("phase-banner", node.role() == Role.MASTER ? "coordinator" : "participant");
    VBox bannerBox = new VBox(bannerGroup);
    bannerBox.setAlignment(Pos.BOTTOM_CENTER);
    bannerBox.setMinHeight(BANNER);
    bannerBox.setMaxHeight(BANNER);

    FontIcon icon =
        new FontIcon(node.role() == Role.MASTER ? MaterialDesignC.CROWN : MaterialDesignS.SERVER);
    icon.getStyleClass().add("node-icon");
    Label name = new Label(node.id());
    name.getStyleClass().add("node-name");
    // Where it listens: on a lab spread over machines, which host it is.
    name.setTooltip(new Tooltip(node.id() + " listens on " + node.address()));
    Label role =
        new Label(
            node.role() == Role.PEER
                ? "weight " + node.weight()
                : node.role().name().toLowerCase());
    role.getStyleClass().add("role-chip");
    role.setTooltip(
        new Tooltip(
            Glossary.describe(
                node.role() == Role.PEER
                    ? "weight"
                    : node.role() == Role.MASTER ? "master" : "slave")));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox header = new HBox(6, icon, name, spacer, role);
    header.setAlignment(Pos.CENTER_LEFT);

    status.setId("status-" + node.id());
    status.getStyleClass().add("status-chip");
    isolated.getStyleClass().add("isolated-chip");
    slowed.setId("slowed-" + node.id());
    slowed.getStyleClass().add("slowed-chip");
    excluded.getStyleClass().add("excluded-chip");
    // The status (with its elapsed time) keeps its width; the chips go on the keys' row and give
    // way there.
    status.setMinWidth(Region.USE_PREF_SIZE);
    HBox statusRow = new HBox(6, status, pending);
    statusRow.setAlignment(Pos.CENTER_LEFT);
    keys.setId("keys-" + node.id());
    keys.getStyleClass().add("node-keys");
    pending.getStyleClass().add("node-pending");
    keys.setMinWidth(Region.USE_PREF_SIZE);
    HBox infoRow = new HBox(6, keys, slowed, isolated, excluded);
    infoRow.setAlignment(Pos.CENTER_LEFT);

    card.getStyleClass().add("node-card");
    card.setCache(true); // its shadow is drawn once, not each time a token passes by
    detail.setId("detail-" + node.id());
    detail.getStyleClass().add("node-detail");
    detail.setMaxWidth(WIDTH - 24);
    card.getChildren().addAll(header, statusRow, infoRow, detail);
    card.setMinHeight(CARD);
    card.setMaxHeight(CARD);
    card.setPrefWidth(WIDTH);

    meter.setId("meter-" + node.id());
    meter.getStyleClass().add("vote-meter");
    meter.setAlignment(Pos.CENTER);
    meterBar.setPrefWidth(WIDTH - 40);
    meterText.setId("votes-" + node.id());
    meterText.getStyleClass().add("vote-text");

    getChildren().addAll(bannerBox, card, meter);
    // Right-click by button rather than CONTEXT_MENU_REQUESTED, which headless platforms do not
    // send.
    card.setOnMouseClicked(
        e -> {
          lab.select(node.id());
          card.requestFocus(); // out of the console's fields, so that F, R and S act on this node
          if (e.getButton() == MouseButton.SECONDARY || e.isPopupTrigger()) {
            contextMenu().show(card, e.getScreenX(), e.getScreenY());
          }
        });
  }

  private void bindModel() {
    status
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    "● "
                        + node.status().text()
                        + (node.elapsedProperty().get().isEmpty()
                            ? ""
                            : " · " + node.elapsedProperty().get()),
                node.statusProperty(),
                node.elapsedProperty()));
    node.statusProperty().addListener((obs, was, now) -> restyle(was, now));
    restyle(null, node.status());
    keys.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    switch (node.keyCountProperty().get()) {
                      case -1 -> "– keys";
                      case 1 -> "1 key";
                      default -> node.keyCountProperty().get() + " keys";
                    },
                node.keyCountProperty()));
    pending.textProperty().bind(node.pendingActionProperty());
    detail.textProperty().bind(node.statusDetailProperty());
    detail.setTooltip(
        tip(
            Bindings.createStringBinding(
                () -> Glossary.annotate(node.statusDetailProperty().get()),
                node.statusDetailProperty())));
    status.setTooltip(
        tip(
            Bindings.createStringBinding(
                () ->
                    Glossary.describe(node.status().text())
                        + (node.statusDetailProperty().get().isEmpty()
                            ? ""
                            : "\n\n" + Glossary.annotate(node.statusDetailProperty().get())),
                node.statusProperty(),
                node.statusDetailProperty())));
    slowed.setTooltip(tip(Bindings.createStringBinding(() -> Glossary.describe("slowed"))));
    isolated.setTooltip(tip(Bindings.createStringBinding(() -> Glossary.describe("isolated"))));
    excluded.setTooltip(
        tip(Bindings.createStringBinding(() -> Glossary.describe("out of the group"))));
    banner.setTooltip(
        tip(
            Bindings.createStringBinding(
                () -> Glossary.describe(node.phaseProperty().get()), node.phaseProperty())));
    meterText.setTooltip(tip(Bindings.createStringBinding(() -> Glossary.describe("quorum"))));
    slowed
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> "slowed " + node.slowSecondsProperty().get() + " s",
                node.slowSecondsProperty()));
    slowed.visibleProperty().bind(node.slowSecondsProperty().greaterThan(0));
    slowed.managedProperty().bind(slowed.visibleProperty());
    node.slowSecondsProperty()
        .addListener((obs, was, now) -> card.pseudoClassStateChanged(SLOW, now.intValue() > 0));
    isolated.visibleProperty().bind(node.isolatedProperty());
    isolated.managedProperty().bind(node.isolatedProperty());
    excluded
        .visibleProperty()
        .bind(
            node.membershipProperty()
                .isEqualTo("EXCLUDED")
                .and(node.statusProperty().isNotEqualTo(NodeStatus.EXCLUDED)));
    excluded.managedProperty().bind(excluded.visibleProperty());

    banner
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    node.phaseProperty().get()
                        + (node.phaseTxProperty().get().isEmpty()
                            ? ""
                            : " · tx " + node.phaseTxProperty().get()),
                node.phaseProperty(),
                node.phaseTxProperty()));
    banner.visibleProperty().bind(node.phaseProperty().isNotEmpty());
    // A pseudo-class, not a style class: the phase changes several times per transaction, and a
    // style class change makes JavaFX match every selector again for the banner.
    node.phaseKindProperty()
        .addListener(
            (obs, was, now) -> {
              banner.pseudoClassStateChanged(was.pseudoClass(), false);
              banner.pseudoClassStateChanged(now.pseudoClass(), true);
            });
    banner.pseudoClassStateChanged(node.phaseKindProperty().get().pseudoClass(), true);
    node.phaseFreshProperty()
        .addListener((obs, was, now) -> banner.pseudoClassStateChanged(FRESH, now));

    meter.visibleProperty().bind(node.neededProperty().greaterThan(0));
    meterBar
        .progressProperty()
        .bind(
            Bindings.createDoubleBinding(
                () ->
                    Math.min(
                        1.0,
                        node.votesProperty().get()
                            / (double) Math.max(1, node.neededProperty().get())),
                node.votesProperty(),
                node.neededProperty()));
    meterText
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    meterText(
                        node.votesProperty().get(),
                        node.neededProperty().get(),
                        node.quorumOpProperty().get()),
                node.votesProperty(),
                node.neededProperty(),
                node.quorumOpProperty()));
    node.quorumFreshProperty()
        .addListener((obs, was, now) -> meter.pseudoClassStateChanged(FRESH, now));
    node.votesProperty()
        .addListener(
            (obs, was, now) ->
                meter.pseudoClassStateChanged(
                    PseudoClass.getPseudoClass("reached"),
                    now.intValue() >= node.neededProperty().get()));

    lab.selectedProperty()
        .addListener((obs, was, now) -> card.pseudoClassStateChanged(SELECTED, now == node));
  }

  /** "2 / 3 votes · write grants", or once reached "3 / 3 needed ✓ (4 cast) · write acks". */
  static String meterText(int votes, int needed, String op) {
    String what = op.replace("-votes", " grants").replace("-acks", " acks").replace('-', ' ');
    if (votes < needed) {
      return votes + " / " + needed + " votes · " + what;
    }
    return needed
        + " / "
        + needed
        + " needed ✓"
        + (votes > needed ? " (" + votes + " cast)" : "")
        + " · "
        + what;
  }

  private void restyle(NodeStatus was, NodeStatus now) {
    if (was != null) {
      status.getStyleClass().remove(was.styleClass());
      card.getStyleClass().remove(was.styleClass());
    }
    status.getStyleClass().add(now.styleClass());
    card.getStyleClass().add(now.styleClass());
  }

  private ContextMenu contextMenu() {
    NodeActions actions = lab.actions();
    String id = node.id();
    if (lab.phaseProperty().get() != ClusterPhase.RUNNING) {
      ContextMenu idle =
          new ContextMenu(
              item("menu-start-first", "Start the cluster to act on its nodes", true, () -> {}));
      idle.setId("node-menu");
      return idle;
    }
    boolean alive = node.status().alive();
    MenuItem fail = item("menu-fail", "Fail (SIGKILL)", !alive, () -> actions.fail(id));
    MenuItem recover =
        item("menu-recover", "Recover (restart on its data)", alive, () -> actions.recover(id));
    Menu slow = new Menu("Slow down");
    slow.setId("menu-slow");
    slow.setDisable(!alive);
    for (int seconds : new int[] {1, 2, 5, 10}) {
      slow.getItems()
          .add(
              item(
                  "menu-slow-" + seconds,
                  seconds + " s per request",
                  false,
                  () -> actions.slowDown(id, seconds)));
    }
    MenuItem restore =
        item(
            "menu-restore",
            "Restore speed",
            node.slowSecondsProperty().get() == 0,
            () -> actions.restore(id));
    MenuItem isolate =
        item(
            "menu-isolate",
            "Isolate (partition)",
            !alive || node.isolatedProperty().get(),
            () -> actions.isolate(id));
    MenuItem heal =
        item("menu-heal", "Heal partition", !node.isolatedProperty().get(), () -> actions.heal(id));
    ContextMenu menu =
        new ContextMenu(
            fail,
            recover,
            new SeparatorMenuItem(),
            slow,
            restore,
            new SeparatorMenuItem(),
            isolate,
            heal);
    if (node.role() == Role.MASTER) {
      // 2PC's blocking moment on purpose: crash points exist on the master only.
      Menu crash = new Menu("Crash in the next commit");
      crash.setId("menu-crash");
      crash.setDisable(!alive);
      crash
          .getItems()
          .addAll(
              item(
                  "menu-crash-after-prepare",
                  "Right after it logs PREPARE (the slaves are left in doubt)",
                  false,
                  () -> actions.armCrash(id, NodeActions.AFTER_PREPARE)),
              item(
                  "menu-crash-after-commit",
                  "Right after it logs COMMIT (nobody is told)",
                  false,
                  () -> actions.armCrash(id, NodeActions.AFTER_COMMIT)));
      menu.getItems().addAll(new SeparatorMenuItem(), crash);
    }
    menu.setId("node-menu");
    return menu;
  }

  private static Tooltip tip(StringBinding text) {
    Tooltip t = new Tooltip();
    t.textProperty().bind(text);
    t.setWrapText(true);
    t.setMaxWidth(420);
    return t;
  }

  private static MenuItem item(String id, String text, boolean disabled, Runnable action) {
    MenuItem item = new MenuItem(text);
    item.setId(id);
    item.setDisable(disabled);
    item.setOnAction(e -> action.run());
    return item;
  }
}
