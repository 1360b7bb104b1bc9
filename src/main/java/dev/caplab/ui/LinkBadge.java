package dev.caplab.ui;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/** Messages of one kind on one link that arrived too fast to draw one by one, shown as "label ×count". */
final class LinkBadge {

  private final String from;
  private final String to;
  private final String label;
  private final MessageKind kind;
  private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();
  private long lastNanos;

  LinkBadge(String from, String to, String label) {
    this.from = from;
    this.to = to;
    this.label = label;
    this.kind = MessageKind.of(label);
  }

  String from() {
    return from;
  }

  String to() {
    return to;
  }

  String label() {
    return label;
  }

  MessageKind kind() {
    return kind;
  }

  ReadOnlyIntegerProperty countProperty() {
    return count.getReadOnlyProperty();
  }

  void add(long nowNanos) {
    count.set(count.get() + 1);
    lastNanos = nowNanos;
  }

  long lastNanos() {
    return lastNanos;
  }
}
