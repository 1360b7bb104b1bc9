package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import dev.caplab.client.NodeEvent;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;

/** The merged event stream, newest first, with node / kind / key filters. */
final class EventLogView extends VBox {

  private static final Map<String, PseudoClass> TYPE_STATES =
      Map.of(
          "STATE",
          PseudoClass.getPseudoClass("state"),
          "QUORUM",
          PseudoClass.getPseudoClass("quorum"),
          "NODE_STATUS",
          PseudoClass.getPseudoClass("node-status"),
          "CLIENT_REQUEST",
          PseudoClass.getPseudoClass("client"),
          "CLIENT_REPLY",
          PseudoClass.getPseudoClass("client"));

  private final EventLogViewModel log;
  private final ComboBox<String> node = new ComboBox<>();
  private final ComboBox<String> kind = new ComboBox<>();
  private final TextField key = new TextField();
  private final Label count = new Label();
  private final Label emptyText = new Label();
  private final Button clearFilters = new Button("Clear filters");
  private final TableView<NodeEvent> table = new TableView<>();

  EventLogView(EventLogViewModel log) {
    this.log = log;
    createView();
    bindModel();
  }

  private void createView() {
    setId("event-log");
    setSpacing(6);
    node.setId("log-node-filter");
    kind.setId("log-kind-filter");
    key.setId("log-key-filter");
    key.setPromptText("key contains…");
    key.setPrefColumnCount(12);
    count.setId("log-count");
    count.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    // A flow, not a row: beside the console on a 1024-pixel projector the filters and the count do
    // not fit on one line, and the count then takes a line of its own.
    FlowPane filters =
        new FlowPane(
            8, 4, new Label("Node"), node, new Label("Kind"), kind, new Label("Key"), key, count);
    filters.setPrefWrapLength(Double.MAX_VALUE);
    filters.setAlignment(Pos.CENTER_LEFT);
    filters.getChildren().forEach(n -> n.getStyleClass().add(Styles.SMALL));
    // The filters keep their names whole; where the line is short the count wraps, between its
    // parts, rather than being cut short.
    filters.getChildren().stream()
        .filter(n -> n instanceof Label && n != count)
        .forEach(n -> ((Label) n).setMinWidth(Region.USE_PREF_SIZE));
    node.setMinWidth(Region.USE_PREF_SIZE);
    kind.setMinWidth(Region.USE_PREF_SIZE);
    key.setMinWidth(80);
    count.setWrapText(true);
    // As narrow as its longest part, which then has a line of its own.
    count
        .minWidthProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> widestPart(count), count.textProperty(), count.fontProperty()));
    count.setMinHeight(Region.USE_PREF_SIZE);

    table.setId("event-table");
    table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED, "event-table");
    emptyText.setId("log-empty-text");
    emptyText.setWrapText(true);
    clearFilters.setId("log-clear-filters");
    clearFilters.getStyleClass().add(Styles.SMALL);
    clearFilters.setOnAction(e -> log.clearFilters());
    VBox empty = new VBox(8, emptyText, clearFilters);
    empty.setAlignment(Pos.CENTER);
    empty.setMaxWidth(560);
    table.setPlaceholder(empty);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table
        .getColumns()
        .add(
            Cells.column(
                "Lamport", 70, e -> Long.toString(e.lamport()), t -> Glossary.entry("Lamport")));
    // Beside the console at 1280 pixels the table is ~800 wide: event types, message names and
    // peers keep room for their words (CLIENT_REQUEST, PREPARING, → slave_2); the detail gives way.
    table.getColumns().add(Cells.column("Node", 70, NodeEvent::node));
    table
        .getColumns()
        .add(atLeast(130, Cells.column("Event", 130, NodeEvent::type, Glossary::describe)));
    table
        .getColumns()
        .add(atLeast(95, Cells.column("What", 95, NodeEvent::label, Glossary::describe)));
    table.getColumns().add(atLeast(90, Cells.column("Peer", 90, e -> arrow(e))));
    table.getColumns().add(Cells.column("Key", 60, NodeEvent::key));
    table
        .getColumns()
        .add(Cells.column("Tx / version", 110, e -> e.txId().isEmpty() ? e.version() : e.txId()));
    table
        .getColumns()
        .add(
            Cells.column(
                "Votes",
                60,
                e -> e.needed() > 0 ? e.votes() + "/" + e.needed() : "",
                t -> t + " — " + Glossary.entry("quorum")));
    table.getColumns().add(Cells.column("Detail", 240, EventLogView::detail, Glossary::annotate));
    table.setRowFactory(
        t ->
            new TableRow<>() {
              private PseudoClass shown;

              @Override
              protected void updateItem(NodeEvent item, boolean empty) {
                super.updateItem(item, empty);
                // A pseudo-class, not a style class: rows change item every flush, and a style
                // class change redoes CSS.
                PseudoClass now = empty || item == null ? null : TYPE_STATES.get(item.type());
                if (now != shown) {
                  if (shown != null) {
                    pseudoClassStateChanged(shown, false);
                  }
                  if (now != null) {
                    pseudoClassStateChanged(now, true);
                  }
                  shown = now;
                }
              }
            });
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(filters, table);
  }

  private void bindModel() {
    node.setItems(log.nodeChoices());
    node.valueProperty().bindBidirectional(log.nodeProperty());
    kind.getItems().setAll(EventLogViewModel.KINDS);
    kind.valueProperty().bindBidirectional(log.kindProperty());
    key.textProperty().bindBidirectional(log.keyProperty());
    table.setItems(log.visible());
    count
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    unbroken(log.visible().size() + " shown")
                        + " · "
                        + unbroken(log.totalProperty().get() + " received")
                        + (log.showBackgroundProperty().get()
                                || log.backgroundTotalProperty().get() == 0
                            ? ""
                            : " "
                                + unbroken(
                                    "("
                                        + log.backgroundTotalProperty().get()
                                        + " background, hidden)")),
                log.visible(),
                log.totalProperty(),
                log.backgroundTotalProperty(),
                log.showBackgroundProperty()));
    count.setTooltip(
        new Tooltip(
            "Nodes talk even when no client does: read leases, probes and anti-entropy."
                + " Those are counted but listed only with Show lease traffic on."));
    emptyText.textProperty().bind(log.emptyTextProperty());
    clearFilters.visibleProperty().bind(log.filteringProperty());
    clearFilters.managedProperty().bind(clearFilters.visibleProperty());
  }

  private static double widestPart(Label label) {
    Text measure = new Text();
    measure.setFont(label.getFont());
    double widest = 0;
    for (String part : label.getText().split(" ")) {
      measure.setText(part);
      widest = Math.max(widest, measure.getLayoutBounds().getWidth());
    }
    return Math.ceil(widest) + label.getInsets().getLeft() + label.getInsets().getRight() + 1;
  }

  /** A part of the count that wraps as a whole: its spaces do not break. */
  private static String unbroken(String part) {
    return part.replace(' ', '\u00A0');
  }

  private static <S, T> TableColumn<S, T> atLeast(double width, TableColumn<S, T> column) {
    column.setMinWidth(width);
    return column;
  }

  private static String arrow(NodeEvent e) {
    return switch (e.type()) {
      case "SENT" -> "→ " + e.peer();
      case "RECEIVED" -> "← " + e.peer();
      default -> e.peer();
    };
  }

  private static String detail(NodeEvent e) {
    if (e.type().equals("CLIENT_REPLY") && e.micros() > 0) {
      return e.detail() + String.format(" (%.1f ms)", e.micros() / 1000.0);
    }
    return e.detail();
  }
}
