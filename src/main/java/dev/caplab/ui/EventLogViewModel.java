package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The merged event stream as a filterable list, newest first and bounded. All methods run on the FX
 * thread.
 */
final class EventLogViewModel {

  static final int CAPACITY = 3000;
  static final String ALL = "all";

  /**
   * Kind filter choices: an event type, or a prefix of several (CLIENT = CLIENT_REQUEST +
   * CLIENT_REPLY).
   */
  static final List<String> KINDS =
      List.of(ALL, "SENT", "RECEIVED", "STATE", "QUORUM", "CLIENT", "NODE_STATUS");

  private final ObservableList<NodeEvent> rows = FXCollections.observableArrayList();
  private final FilteredList<NodeEvent> visible = new FilteredList<>(rows);
  private final ObservableList<String> nodeChoices = FXCollections.observableArrayList(ALL);
  private final ObservableList<String> readOnlyNodeChoices =
      FXCollections.unmodifiableObservableList(nodeChoices);
  private final StringProperty node = new SimpleStringProperty(ALL);
  private final StringProperty kind = new SimpleStringProperty(ALL);
  private final StringProperty key = new SimpleStringProperty("");
  private final BooleanProperty showBackground = new SimpleBooleanProperty();
  private final ReadOnlyLongWrapper total = new ReadOnlyLongWrapper();
  private final ReadOnlyLongWrapper backgroundTotal = new ReadOnlyLongWrapper();
  private final ReadOnlyBooleanWrapper filtering = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper emptyText = new ReadOnlyStringWrapper();
  private final List<NodeEvent> staged = new ArrayList<>();
  private final BooleanProperty shown = new SimpleBooleanProperty(true);
  private long uncounted;
  private long uncountedBackground;

  EventLogViewModel() {
    visible
        .predicateProperty()
        .bind(Bindings.createObjectBinding(this::predicate, node, kind, key, showBackground));
    filtering.bind(
        Bindings.createBooleanBinding(
            () -> !ALL.equals(node.get()) || !ALL.equals(kind.get()) || !text().isEmpty(),
            node,
            kind,
            key));
    emptyText.bind(
        Bindings.createStringBinding(this::describeEmpty, rows, filtering, showBackground));
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

  /** Whether lease, probe and anti-entropy messages are listed too. */
  BooleanProperty showBackgroundProperty() {
    return showBackground;
  }

  /** Events seen since the cluster started, including those the bounded list no longer holds. */
  ReadOnlyLongProperty totalProperty() {
    return total.getReadOnlyProperty();
  }

  /**
   * Of {@link #totalProperty}, the lease, probe and anti-entropy messages (hidden unless asked
   * for).
   */
  ReadOnlyLongProperty backgroundTotalProperty() {
    return backgroundTotal.getReadOnlyProperty();
  }

  /**
   * Whether the table is on screen: while it is not, rows wait (the newest {@link #CAPACITY}) and
   * the table is not laid out for nothing.
   */
  BooleanProperty shownProperty() {
    return shown;
  }

  /** Whether a node, kind or key filter is set. */
  ReadOnlyBooleanProperty filteringProperty() {
    return filtering.getReadOnlyProperty();
  }

  /** What the table says when it shows no row: why, and what to do about it. */
  ReadOnlyStringProperty emptyTextProperty() {
    return emptyText.getReadOnlyProperty();
  }

  // Commands

  void clearFilters() {
    node.set(ALL);
    kind.set(ALL);
    key.set("");
  }

  /** A new cluster: no rows, no counts, no filters left from the last one. */
  void reset(List<String> nodeIds) {
    rows.clear();
    staged.clear();
    uncounted = 0;
    uncountedBackground = 0;
    total.set(0);
    backgroundTotal.set(0);
    kind.set(ALL);
    key.set("");
    List<String> choices = new ArrayList<>(List.of(ALL));
    choices.addAll(nodeIds);
    nodeChoices.setAll(choices);
    node.set(ALL);
  }

  /**
   * Counts events as they arrive (rows may come later, in step with the animation); the totals
   * shown move at the next {@link #flush}, so that the count label is not laid out every frame.
   */
  void count(List<NodeEvent> events) {
    uncounted += events.size();
    for (NodeEvent e : events) {
      if (isBackground(e)) {
        uncountedBackground++;
      }
    }
  }

  /** Queues a row for the next {@link #flush}. */
  void stage(NodeEvent event) {
    staged.add(event);
    if (staged.size() > 2 * CAPACITY) {
      staged.subList(0, staged.size() - CAPACITY).clear(); // older rows would only fall out
    }
  }

  /** Shows the staged rows and the counts in one change (a few times a second). */
  void flush() {
    if (uncounted > 0) {
      total.set(total.get() + uncounted);
      uncounted = 0;
    }
    if (uncountedBackground > 0) {
      backgroundTotal.set(backgroundTotal.get() + uncountedBackground);
      uncountedBackground = 0;
    }
    if (!staged.isEmpty() && shown.get()) {
      show(staged);
      staged.clear();
    }
  }

  /** Counts and shows at once. */
  void add(List<NodeEvent> batch) {
    count(batch);
    staged.addAll(batch);
    flush();
  }

  private void show(List<NodeEvent> batch) {
    List<NodeEvent> newest =
        batch.size() > CAPACITY ? batch.subList(batch.size() - CAPACITY, batch.size()) : batch;
    List<NodeEvent> reversed = new ArrayList<>(newest);
    Collections.reverse(reversed);
    int overflow = rows.size() + reversed.size() - CAPACITY;
    if (overflow > 0) {
      rows.remove(rows.size() - overflow, rows.size());
    }
    rows.addAll(0, reversed);
  }

  static boolean isBackground(NodeEvent e) {
    return (e.type().equals("SENT") || e.type().equals("RECEIVED"))
        && MessageKind.of(e.label()) == MessageKind.BACKGROUND;
  }

  private String describeEmpty() {
    if (rows.isEmpty()) {
      return "Events from the nodes appear here as they happen.";
    }
    if (filtering.get()) {
      List<String> set = new ArrayList<>();
      if (!ALL.equals(node.get())) {
        set.add("node " + node.get());
      }
      if (!ALL.equals(kind.get())) {
        set.add("kind " + kind.get());
      }
      if (!text().isEmpty()) {
        set.add("key contains \"" + key.get().trim() + "\"");
      }
      return "The filters ("
          + String.join(", ", set)
          + ") hide all "
          + rows.size()
          + " events listed.";
    }
    return showBackground.get()
        ? ""
        : "So far only background traffic (read leases, probes, anti-entropy),"
            + " which is hidden: tick Show lease traffic to list it.";
  }

  private String text() {
    return key.get() == null ? "" : key.get().trim().toLowerCase(Locale.ROOT);
  }

  private Predicate<NodeEvent> predicate() {
    String n = node.get();
    String k = kind.get();
    String text = text();
    boolean background = showBackground.get();
    return e ->
        (background || !isBackground(e))
            && (n == null || ALL.equals(n) || e.node().equals(n))
            && (k == null || ALL.equals(k) || e.type().equals(k) || e.type().startsWith(k + "_"))
            && (text.isEmpty() || e.key().toLowerCase(Locale.ROOT).contains(text));
  }
}
