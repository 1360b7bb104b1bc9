package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The merged event stream as a filterable list, newest first and bounded. All methods run on the FX thread. */
final class EventLogViewModel {

  static final int CAPACITY = 3000;
  static final String ALL = "all";
  /** Kind filter choices: an event type, or a prefix of several (CLIENT = CLIENT_REQUEST + CLIENT_REPLY). */
  static final List<String> KINDS = List.of(ALL, "SENT", "RECEIVED", "STATE", "QUORUM", "CLIENT", "NODE_STATUS");

  private final ObservableList<NodeEvent> rows = FXCollections.observableArrayList();
  private final FilteredList<NodeEvent> visible = new FilteredList<>(rows);
  private final ObservableList<String> nodeChoices = FXCollections.observableArrayList(ALL);
  private final ObservableList<String> readOnlyNodeChoices = FXCollections.unmodifiableObservableList(nodeChoices);
  private final StringProperty node = new SimpleStringProperty(ALL);
  private final StringProperty kind = new SimpleStringProperty(ALL);
  private final StringProperty key = new SimpleStringProperty("");
  private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();

  EventLogViewModel() {
    visible.predicateProperty().bind(Bindings.createObjectBinding(this::predicate, node, kind, key));
  }

  /** The rows that pass the filters, newest first. */
  ObservableList<NodeEvent> visible() {
    return visible;
  }

  ObservableList<String> nodeChoices() {
    return readOnlyNodeChoices;
  }

  /** Node filter: a node id or {@link #ALL}. */
  StringProperty nodeProperty() {
    return node;
  }

  /** Kind filter: one of {@link #KINDS}. */
  StringProperty kindProperty() {
    return kind;
  }

  /** Key filter: shows events whose key contains this text; empty shows all. */
  StringProperty keyProperty() {
    return key;
  }

  /** Events seen since the cluster started, including those the bounded list no longer holds. */
  ReadOnlyLongProperty totalProperty() {
    return total.getReadOnlyProperty();
  }

  // Commands

  void reset(List<String> nodeIds) {
    rows.clear();
    total.set(0);
    List<String> choices = new ArrayList<>(List.of(ALL));
    choices.addAll(nodeIds);
    nodeChoices.setAll(choices);
    node.set(ALL);
  }

  void add(List<NodeEvent> batch) {
    total.set(total.get() + batch.size());
    List<NodeEvent> newest = batch.size() > CAPACITY ? batch.subList(batch.size() - CAPACITY, batch.size()) : batch;
    List<NodeEvent> reversed = new ArrayList<>(newest);
    Collections.reverse(reversed);
    int overflow = rows.size() + reversed.size() - CAPACITY;
    if (overflow > 0) {
      rows.remove(rows.size() - overflow, rows.size());
    }
    rows.addAll(0, reversed);
  }

  private Predicate<NodeEvent> predicate() {
    String n = node.get();
    String k = kind.get();
    String text = key.get() == null ? "" : key.get().trim().toLowerCase(Locale.ROOT);
    return e -> (n == null || ALL.equals(n) || e.node().equals(n))
        && (k == null || ALL.equals(k) || e.type().equals(k) || e.type().startsWith(k + "_"))
        && (text.isEmpty() || e.key().toLowerCase(Locale.ROOT).contains(text));
  }
}
