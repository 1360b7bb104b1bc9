package dev.caplab.ui;

import dev.caplab.client.NodeSnapshot;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What the selected node holds: its keys with versions, its 2PC transactions, the tail of its log.
 * Filled by the lab view-model from inspect answers (or from the process output when the node is
 * down). All methods run on the FX thread.
 */
final class InspectorViewModel {

  private final ReadOnlyStringWrapper node = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper reportedStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper notice =
      new ReadOnlyStringWrapper("Select a node to inspect it.");
  private final ObservableList<NodeSnapshot.Entry> entries = FXCollections.observableArrayList();
  private final ObservableList<NodeSnapshot.Entry> readOnlyEntries =
      FXCollections.unmodifiableObservableList(entries);
  private final ObservableList<NodeSnapshot.Transaction> transactions =
      FXCollections.observableArrayList();
  private final ObservableList<NodeSnapshot.Transaction> readOnlyTransactions =
      FXCollections.unmodifiableObservableList(transactions);
  private final ObservableList<String> log = FXCollections.observableArrayList();
  private final ObservableList<String> readOnlyLog = FXCollections.unmodifiableObservableList(log);

  /** Id of the node shown, empty when none. */
  ReadOnlyStringProperty nodeProperty() {
    return node.getReadOnlyProperty();
  }

  /** The status the node itself gave in its last inspect answer. */
  ReadOnlyStringProperty reportedStatusProperty() {
    return reportedStatus.getReadOnlyProperty();
  }

  /** Why the lists are empty or stale, e.g. the node is down; empty when they are fresh. */
  ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  ObservableList<NodeSnapshot.Entry> entries() {
    return readOnlyEntries;
  }

  ObservableList<NodeSnapshot.Transaction> transactions() {
    return readOnlyTransactions;
  }

  ObservableList<String> log() {
    return readOnlyLog;
  }

  // Commands

  void show(String nodeId, boolean running) {
    if (nodeId.equals(node.get()) && running) {
      return;
    }
    node.set(nodeId);
    entries.clear();
    transactions.clear();
    log.clear();
    reportedStatus.set("");
    notice.set(
        nodeId.isEmpty()
            ? "Select a node to inspect it."
            : running
                ? "Asking " + nodeId + "…"
                : "Start the cluster to see what " + nodeId + " holds.");
  }

  void update(NodeSnapshot snapshot) {
    if (!snapshot.node().equals(node.get())) {
      return;
    }
    reportedStatus.set(snapshot.status());
    notice.set("");
    replace(entries, snapshot.entries());
    replace(transactions, snapshot.transactions());
    replace(log, snapshot.logTail());
  }

  /** The node's process is starting: it cannot answer yet. */
  void starting(String nodeId) {
    if (nodeId.equals(node.get())) {
      notice.set(nodeId + " is starting; what it holds shows here once it listens.");
    }
  }

  /** The node did not answer; show why and what its process last wrote. */
  void unreachable(String nodeId, String reason, List<String> processLog) {
    if (!nodeId.equals(node.get())) {
      return;
    }
    notice.set(
        nodeId + " does not answer (" + reason + "). Its process's last output is under Log.");
    reportedStatus.set("");
    replace(log, processLog);
  }

  /**
   * Replaces only when different, so an unchanged table keeps its selection and scroll position.
   */
  private static <T> void replace(ObservableList<T> list, List<T> items) {
    if (!list.equals(items)) {
      list.setAll(items);
    }
  }
}
