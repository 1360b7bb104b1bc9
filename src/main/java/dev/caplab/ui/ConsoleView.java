package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/** put / get with key, value and target node; the latest result and the session's history. */
final class ConsoleView extends VBox {

  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  static final double ROW = 24;
  private static final double HEADER = 36; // the column header and the border

  /** The history shows at least this many operations. */
  static final int ROWS_SHOWN = 4;

  private final ConsoleViewModel console;
  private final TextField key = new TextField();
  private final TextField value = new TextField();
  private final ComboBox<String> target = new ComboBox<>();
  private final Button put = new Button("Put", new FontIcon(MaterialDesignU.UPLOAD));
  private final Button get = new Button("Get", new FontIcon(MaterialDesignD.DOWNLOAD));
  private final Label result = new Label();
  private final TableView<OpRecord> history = new TableView<>();

  ConsoleView(ConsoleViewModel console) {
    this.console = console;
    createView();
    bindModel();
  }

  /** Puts the cursor in the key field. */
  void focusKey() {
    key.requestFocus();
  }

  private void createView() {
    setId("console");
    getStyleClass().add("panel");
    setSpacing(8);
    Label title = new Label("Console");
    title.getStyleClass().add(Styles.TITLE_4);
    Label hint = new Label("Ctrl+Enter put · Ctrl+G get");
    hint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    HBox head = new HBox(10, title, hint);
    head.setAlignment(Pos.BASELINE_LEFT);

    key.setId("key-field");
    key.setPromptText("key");
    value.setId("value-field");
    value.setPromptText("value");
    target.setId("target-box");
    target.setMaxWidth(Double.MAX_VALUE);
    put.setId("put-button");
    put.getStyleClass().add(Styles.ACCENT);
    put.setDefaultButton(false);
    get.setId("get-button");
    put.setOnAction(e -> console.put());
    get.setOnAction(e -> console.get());

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(6);
    HBox buttons = new HBox(6, put, get);
    HBox.setHgrow(put, Priority.ALWAYS);
    HBox.setHgrow(get, Priority.ALWAYS);
    put.setMaxWidth(Double.MAX_VALUE);
    get.setMaxWidth(Double.MAX_VALUE);
    form.addRow(0, new Label("Key"), key, new Label("Value"), value);
    form.add(new Label("Node"), 0, 1);
    form.add(target, 1, 1);
    form.add(buttons, 2, 1, 2, 1);
    ColumnConstraints label = new ColumnConstraints();
    ColumnConstraints field = new ColumnConstraints();
    field.setHgrow(Priority.ALWAYS);
    field.setPercentWidth(38);
    form.getColumnConstraints().addAll(label, field, new ColumnConstraints(), field);

    result.setId("result-label");
    result.getStyleClass().add("op-result");
    result.setWrapText(true);
    result.setMaxWidth(Double.MAX_VALUE);
    result.setMinHeight(
        Region.USE_PREF_SIZE); // wraps and grows; the history gives way, never the result

    history.setId("history-table");
    history.getStyleClass().addAll(Styles.DENSE, "history");
    Label empty = new Label("Your puts and gets appear here.");
    empty.setWrapText(true);
    history.setPlaceholder(empty);
    history.setRowFactory(t -> new ConsoleRow(console));
    // Fixed columns sized to their content; Result, the one that varies, takes the rest and wraps
    // on hover.
    history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    history.setFixedCellSize(ROW);
    history
        .getColumns()
        .addAll(
            List.of(
                column("Op", 46, r -> r.op()),
                column("Key", 80, r -> r.key()),
                column("Node", 80, r -> r.result().node()),
                column("Latency", 84, OpRecord::latency),
                column("Result", 150, OpRecord::outcome)));
    history.getColumns().stream().limit(4).forEach(c -> c.setMinWidth(c.getPrefWidth()));
    VBox.setVgrow(history, Priority.ALWAYS);
    history.setMinHeight(HEADER + ROWS_SHOWN * ROW);
    history.setPrefHeight(history.getMinHeight());
    getChildren().addAll(head, form, result, history);
  }

  private void bindModel() {
    key.textProperty().bindBidirectional(console.keyProperty());
    value.textProperty().bindBidirectional(console.valueProperty());
    target.setItems(console.targets());
    target.valueProperty().bindBidirectional(console.targetProperty());
    result
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  if (!console.messageProperty().get().isEmpty()) {
                    return console.messageProperty().get();
                  }
                  OpRecord last = console.lastProperty().get();
                  return last == null ? "" : last.summary();
                },
                console.messageProperty(),
                console.lastProperty()));
    console
        .lastProperty()
        .addListener(
            (obs, was, now) -> result.pseudoClassStateChanged(FAILED, now != null && !now.ok()));
    history.setItems(console.history());
    put.disableProperty().bind(console.availableProperty().not());
    get.disableProperty().bind(console.availableProperty().not());
  }

  private static TableColumn<OpRecord, String> column(
      String title, double width, Function<OpRecord, String> text) {
    TableColumn<OpRecord, String> column = Cells.column(title, width, text);
    column.setCellFactory(
        c ->
            new Cells.TipCell<>(s -> s) {
              @Override
              protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                OpRecord record = empty || getTableRow() == null ? null : getTableRow().getItem();
                pseudoClassStateChanged(FAILED, record != null && !record.ok());
              }
            });
    return column;
  }
}
