package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import dev.caplab.client.NodeSnapshot;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.css.PseudoClass;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The selected node: actions, then its keys with versions, its transactions (in-doubt marked) and
 * its log tail.
 */
final class InspectorView extends VBox {

  private static final PseudoClass IN_DOUBT = PseudoClass.getPseudoClass("in-doubt");

  private final LabViewModel lab;
  private final InspectorViewModel inspector;
  private final Label title = new Label();
  private final Label notice = new Label();
  private final FlowPane actions = new FlowPane(4, 4);
  private final Button fail;
  private final Button recover;
  private final Button slow;
  private final Button restore;
  private final Button isolate;
  private final Button heal;
  private final TableView<NodeSnapshot.Entry> keys = new TableView<>();
  private final TableView<NodeSnapshot.Transaction> transactions = new TableView<>();
  private final ListView<String> log = new ListView<>();

  InspectorView(LabViewModel lab) {
    this.lab = lab;
    this.inspector = lab.inspector();
    fail =
        action(
            "action-fail",
            "Fail",
            MaterialDesignS.SKULL,
            "Kill the process with SIGKILL (F)",
            id -> lab.actions().fail(id));
    recover =
        action(
            "action-recover",
            "Recover",
            MaterialDesignR.RESTART,
            "Restart it on its data; it recovers and catches up (R)",
            id -> lab.actions().recover(id));
    slow =
        action(
            "action-slow",
            "Slow down 2 s",
            MaterialDesignS.SNAIL,
            "Delay every request it handles by 2 s (S)",
            id -> lab.actions().slowDown(id, 2));
    restore =
        action(
            "action-restore",
            "Restore speed",
            MaterialDesignS.SPEEDOMETER,
            "Back to full speed",
            id -> lab.actions().restore(id));
    isolate =
        action(
            "action-isolate",
            "Isolate",
            MaterialDesignL.LAN_DISCONNECT,
            "Drop every message between it and its peers",
            id -> lab.actions().isolate(id));
    heal =
        action(
            "action-heal",
            "Heal",
            MaterialDesignL.LAN_CONNECT,
            "Remove the partition",
            id -> lab.actions().heal(id));
    createView();
    bindModel();
  }

  private void createView() {
    setId("inspector");
    getStyleClass().add("panel");
    setSpacing(6);
    title.setId("inspector-title");
    title.getStyleClass().add(Styles.TITLE_4);
    notice.setId("inspector-notice");
    notice.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    notice.setWrapText(true);

    actions.setId("inspector-actions");
    actions.getChildren().addAll(fail, recover, slow, restore, isolate, heal);

    keys.setId("inspector-keys");
    keys.getStyleClass().add(Styles.DENSE);
    keys.setPlaceholder(new Label("No keys."));
    keys.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    keys.getColumns().add(Cells.column("Key", 90, NodeSnapshot.Entry::key));
    keys.getColumns().add(Cells.column("Value", 120, NodeSnapshot.Entry::value));
    keys.getColumns()
        .add(
            Cells.column(
                "Version",
                90,
                NodeSnapshot.Entry::version,
                v -> v + " — " + Glossary.entry("version")));

    transactions.setId("inspector-transactions");
    transactions.getStyleClass().add(Styles.DENSE);
    transactions.setPlaceholder(new Label("No transactions."));
    transactions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    transactions.getColumns().add(Cells.column("Tx", 70, NodeSnapshot.Transaction::txId));
    transactions.getColumns().add(Cells.column("Key", 70, NodeSnapshot.Transaction::key));
    transactions
        .getColumns()
        .add(Cells.column("State", 90, NodeSnapshot.Transaction::state, Glossary::describe));
    transactions
        .getColumns()
        .add(Cells.column("Detail", 120, NodeSnapshot.Transaction::detail, Glossary::annotate));
    transactions.setRowFactory(
        t ->
            new TableRow<>() {
              @Override
              protected void updateItem(NodeSnapshot.Transaction item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(IN_DOUBT, !empty && item != null && inDoubt(item));
              }
            });

    log.setId("inspector-log");
    log.getStyleClass().addAll("log-tail", Styles.DENSE);
    log.setPlaceholder(new Label("No log lines."));
    log.setCellFactory(
        v ->
            new ListCell<>() {
              private final Tooltip tip = new Tooltip();

              @Override
              protected void updateItem(String line, boolean empty) {
                super.updateItem(line, empty);
                setText(empty ? null : line);
                tip.setText(empty || line == null ? "" : Glossary.annotate(line));
                tip.setWrapText(true);
                tip.setMaxWidth(560);
                setTooltip(empty || line == null || line.isEmpty() ? null : tip);
              }
            });

    TabPane tabs =
        new TabPane(
            new Tab("Keys", keys), new Tab("Transactions", transactions), new Tab("Log", log));
    tabs.setId("inspector-tabs");
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getStyleClass().add(Styles.TABS_CLASSIC);
    VBox.setVgrow(tabs, Priority.ALWAYS);
    getChildren().addAll(title, actions, notice, tabs);
  }

  private void bindModel() {
    lab.selectedProperty()
        .addListener(
            (obs, was, now) -> {
              bindTitle(now);
              bindActions(now);
            });
    bindTitle(lab.selectedProperty().get());
    bindActions(lab.selectedProperty().get());
    notice.textProperty().bind(inspector.noticeProperty());
    notice.visibleProperty().bind(inspector.noticeProperty().isNotEmpty());
    notice.managedProperty().bind(notice.visibleProperty());
    // Before Start there is nothing to fail or recover: no buttons rather than buttons that do
    // nothing.
    actions
        .visibleProperty()
        .bind(
            lab.selectedProperty()
                .isNotNull()
                .and(lab.phaseProperty().isEqualTo(ClusterPhase.RUNNING)));
    actions.managedProperty().bind(actions.visibleProperty());
    keys.setItems(inspector.entries());
    transactions.setItems(inspector.transactions());
    log.setItems(inspector.log());
  }

  /**
   * Shows the action that applies to the node's state: Fail or Recover, Slow down or Restore,
   * Isolate or Heal.
   */
  private void bindActions(NodeViewModel n) {
    BooleanBinding alive =
        n == null
            ? Bindings.createBooleanBinding(() -> true)
            : Bindings.createBooleanBinding(() -> n.status().alive(), n.statusProperty());
    BooleanExpression slowed =
        n == null
            ? Bindings.createBooleanBinding(() -> false)
            : n.slowSecondsProperty().greaterThan(0);
    BooleanBinding cut =
        n == null
            ? Bindings.createBooleanBinding(() -> false)
            : Bindings.createBooleanBinding(() -> n.isolatedProperty().get(), n.isolatedProperty());
    show(fail, alive);
    show(recover, alive.not());
    // A node that is down can only be recovered: no greyed buttons that do nothing.
    show(slow, slowed.not().and(alive));
    show(restore, slowed);
    show(isolate, cut.not().and(alive));
    show(heal, cut);
  }

  private static void show(Button button, BooleanExpression when) {
    button.visibleProperty().bind(when);
    button.managedProperty().bind(when);
  }

  private void bindTitle(NodeViewModel n) {
    if (n == null) {
      title.textProperty().unbind();
      title.setText("Inspector · select a node");
      return;
    }
    title
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  String says = inspector.reportedStatusProperty().get();
                  return "Inspector · "
                      + n.id()
                      + " · "
                      + n.status().text()
                      + (says.isEmpty() || says.equals(n.status().text())
                          ? ""
                          : " (node says " + says + ")");
                },
                n.statusProperty(),
                inspector.reportedStatusProperty()));
  }

  private Button action(String id, String text, Ikon icon, String tip, Consumer<String> run) {
    Button button = new Button(text, new FontIcon(icon));
    button.setId(id);
    button.getStyleClass().addAll(Styles.SMALL, "action");
    button.setTooltip(new Tooltip(tip));
    button.setOnAction(
        e -> {
          NodeViewModel n = lab.selectedProperty().get();
          if (n != null) {
            run.accept(n.id());
          }
        });
    return button;
  }

  /** A participant that voted yes and does not know the outcome yet: it holds the key. */
  static boolean inDoubt(NodeSnapshot.Transaction t) {
    String state = t.state().toUpperCase(java.util.Locale.ROOT);
    return state.contains("DOUBT") || state.equals("PREPARED");
  }
}
