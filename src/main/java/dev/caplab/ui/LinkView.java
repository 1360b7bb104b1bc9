package dev.caplab.ui;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Group;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import javafx.util.Duration;

/**
 * One link on the topology, drawn from the faults its two ends report: a cut both ways is a red
 * dotted line; a one-way cut puts a red ✕ near the sender with an arrow towards the receiver it no
 * longer reaches; a delay puts "+200 ms" near the sender with an arrow. Click it for a menu of link
 * faults. The view holds a listener on its link's state until {@link #dispose()}.
 */
final class LinkView extends Group {

  private static final PseudoClass CUT = PseudoClass.getPseudoClass("cut");

  /** A lesson's say step names this link. */
  private static final PseudoClass POINTED = PseudoClass.getPseudoClass("lesson");

  private static final PseudoClass ONE_WAY = PseudoClass.getPseudoClass("one-way");

  /** Space between the sender's card edge and the nearest point of a direction mark. */
  private static final double MARK_GAP = 6;

  /** About how wide "+200 ms" and "✕" are drawn, and how tall either is (lab.css .link-mark). */
  private static final double DELAY_MARK_WIDTH = 64;

  private static final double CUT_MARK_WIDTH = 22;
  private static final double MARK_HEIGHT = 20;

  private final ObservableValue<LinkState> state;
  private final LinkFaultsViewModel faults;
  private final String a;
  private final String b;
  private final Point2D from;
  private final Point2D to;
  private final double cardHalfWidth;
  private final double cardHalfHeight;
  private final Line line;
  private final Line hit;
  private final Group marks = new Group();
  private final Tooltip tip = new Tooltip();
  private final ChangeListener<LinkState> redraw = (obs, was, now) -> draw(now);
  private ContextMenu menu;

  /** from and to are the centres of a's and b's cards; the card half sizes at the current scale. */
  LinkView(
      LinkFaultsViewModel faults,
      String a,
      String b,
      Point2D from,
      Point2D to,
      double cardHalfWidth,
      double cardHalfHeight) {
    this.faults = faults;
    this.state = faults.link(a, b);
    this.a = a;
    this.b = b;
    this.from = from;
    this.to = to;
    this.cardHalfWidth = cardHalfWidth;
    this.cardHalfHeight = cardHalfHeight;
    this.line = new Line(from.getX(), from.getY(), to.getX(), to.getY());
    this.hit = new Line(from.getX(), from.getY(), to.getX(), to.getY());
    createView();
    state.addListener(redraw);
    draw(state.getValue());
  }

  private void createView() {
    setId("link-" + a + "-" + b);
    line.getStyleClass().add("link");
    line.setMouseTransparent(true);
    hit.getStyleClass().add("link-hit");
    tip.setWrapText(true);
    tip.setMaxWidth(460);
    tip.setShowDelay(Duration.millis(300));
    Tooltip.install(hit, tip);
    hit.setOnMouseClicked(
        e -> {
          if (menu != null) {
            menu.hide();
          }
          menu = menu();
          menu.show(hit, e.getScreenX(), e.getScreenY());
          e.consume();
        });
    marks.setMouseTransparent(true);
    getChildren().addAll(line, marks, hit);
  }

  /** The midpoint of the link in screen coordinates (where a click opens its menu). */
  Point2D midpointOnScreen() {
    return hit.localToScreen(from.midpoint(to));
  }

  String a() {
    return a;
  }

  String b() {
    return b;
  }

  void setPointedAt(boolean pointed) {
    line.pseudoClassStateChanged(POINTED, pointed);
  }

  void dispose() {
    state.removeListener(redraw);
  }

  private void draw(LinkState s) {
    boolean oneWay = s.from(a).cut() != s.from(b).cut();
    line.pseudoClassStateChanged(CUT, s.cutBothWays());
    line.pseudoClassStateChanged(ONE_WAY, oneWay);
    marks.getChildren().clear();
    mark(s.from(a), from, to, s.cutBothWays());
    mark(s.from(b), to, from, s.cutBothWays());
    tip.setText(s.describe());
  }

  /**
   * The marks of one direction near its sender: ✕ for a cut (none when cut both ways: the line says
   * it), or +N ms.
   */
  private void mark(LinkState.Way way, Point2D sender, Point2D receiver, boolean bothCut) {
    if (way.open() || (way.cut() && bothCut)) {
      return;
    }
    double length = sender.distance(receiver);
    if (length < 1) {
      return;
    }
    Point2D unit = receiver.subtract(sender).multiply(1 / length);
    double edge =
        Math.min(
            unit.getX() == 0 ? Double.MAX_VALUE : cardHalfWidth / Math.abs(unit.getX()),
            unit.getY() == 0 ? Double.MAX_VALUE : cardHalfHeight / Math.abs(unit.getY()));
    // The mark's centre sits its own half-extent beyond the card's edge, so that on a short or
    // level
    // link "+200 ms" does not lie over the card it leaves.
    double halfAlong =
        Math.abs(unit.getX()) * (way.cut() ? CUT_MARK_WIDTH : DELAY_MARK_WIDTH) / 2
            + Math.abs(unit.getY()) * MARK_HEIGHT / 2;
    double at = Math.min(edge + MARK_GAP + halfAlong, length / 2 - 12);
    Point2D place = sender.add(unit.multiply(at));
    Label label = new Label(way.cut() ? "✕" : "+" + way.delayMillis() + " ms");
    label.getStyleClass().addAll("link-mark", way.cut() ? "link-mark-cut" : "link-mark-delay");
    label.setMouseTransparent(true);
    // Centred on its place once its size is known.
    label.layoutXProperty().bind(label.widthProperty().divide(-2).add(place.getX()));
    label.layoutYProperty().bind(label.heightProperty().divide(-2).add(place.getY()));
    Point2D head = sender.add(unit.multiply(at + halfAlong + 14));
    marks
        .getChildren()
        .addAll(arrow(head, unit, way.cut() ? "link-arrow-cut" : "link-arrow-delay"), label);
  }

  private static Polygon arrow(Point2D tip, Point2D unit, String style) {
    Point2D back = tip.subtract(unit.multiply(11));
    Point2D normal = new Point2D(-unit.getY(), unit.getX()).multiply(6);
    Polygon p =
        new Polygon(
            tip.getX(),
            tip.getY(),
            back.getX() + normal.getX(),
            back.getY() + normal.getY(),
            back.getX() - normal.getX(),
            back.getY() - normal.getY());
    p.getStyleClass().add(style);
    return p;
  }

  private ContextMenu menu() {
    LinkState s = state.getValue();
    Spinner<Integer> millis = new Spinner<>(10, 10_000, LinkFaultsViewModel.DEFAULT_DELAY_MS, 50);
    millis.setId("link-delay-ms");
    millis.setEditable(true);
    millis.setPrefWidth(96);
    Label unit = new Label("ms");
    HBox delayRow = new HBox(6, new Label("Delay"), millis, unit);
    delayRow.getStyleClass().add("link-delay-row");
    CustomMenuItem delayAmount = new CustomMenuItem(delayRow, false);
    ContextMenu m =
        new ContextMenu(
            item(
                "link-cut-both",
                "Cut both ways (" + a + " and " + b + " lose each other's messages)",
                s.cutBothWays(),
                () -> faults.cutBothWays(a, b)),
            item(
                "link-cut-" + a + "-" + b,
                "Cut " + a + " → " + b + " only (" + b + " still reaches " + a + ")",
                s.from(a).cut() && !s.from(b).cut(),
                () -> faults.cut(a, b)),
            item(
                "link-cut-" + b + "-" + a,
                "Cut " + b + " → " + a + " only (" + a + " still reaches " + b + ")",
                s.from(b).cut() && !s.from(a).cut(),
                () -> faults.cut(b, a)),
            new SeparatorMenuItem(),
            delayAmount,
            item(
                "link-delay-both",
                "Delay both ways",
                false,
                () -> faults.delayBothWays(a, b, value(millis))),
            item(
                "link-delay-" + a + "-" + b,
                "Delay " + a + " → " + b + " only",
                false,
                () -> faults.delay(a, b, value(millis))),
            item(
                "link-delay-" + b + "-" + a,
                "Delay " + b + " → " + a + " only",
                false,
                () -> faults.delay(b, a, value(millis))),
            new SeparatorMenuItem(),
            item(
                "link-heal",
                "Heal (messages go through both ways again)",
                s.open(),
                () -> faults.heal(a, b)));
    m.setId("link-menu");
    return m;
  }

  /** The spinner's typed text counts even if Enter was not pressed. */
  private static int value(Spinner<Integer> spinner) {
    try {
      int typed = Integer.parseInt(spinner.getEditor().getText().trim());
      return Math.max(10, Math.min(10_000, typed));
    } catch (NumberFormatException e) {
      return spinner.getValue();
    }
  }

  private static MenuItem item(String id, String text, boolean disabled, Runnable action) {
    MenuItem item = new MenuItem(text);
    item.setId(id);
    item.setDisable(disabled);
    item.setOnAction(e -> action.run());
    return item;
  }
}
