package dev.caplab.lesson;

import dev.caplab.client.NodeEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Which events an expect looks for; empty fields match anything, detail matches a part of the
 * detail.
 */
public record EventPattern(
    String node, String type, String label, String peer, String key, String detail) {

  public boolean matches(NodeEvent e) {
    return (node.isEmpty() || node.equals(e.node()))
        && (type.isEmpty() || type.equalsIgnoreCase(e.type()))
        && (label.isEmpty() || label.equals(e.label()))
        && (peer.isEmpty() || peer.equals(e.peer()))
        && (key.isEmpty() || key.equals(e.key()))
        && (detail.isEmpty() || e.detail().contains(detail));
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    add(parts, "node", node);
    add(parts, "type", type);
    add(parts, "label", label);
    add(parts, "peer", peer);
    add(parts, "key", key);
    add(parts, "detail contains", detail);
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, String name, String value) {
    if (!value.isEmpty()) {
      parts.add(name + " " + value);
    }
  }
}
