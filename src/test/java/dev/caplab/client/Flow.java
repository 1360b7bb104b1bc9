package dev.caplab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The merged events as the observer delivered them, with lookups by what happened and checks of
 * order.
 */
final class Flow {

  private final List<NodeEvent> events;

  Flow(List<NodeEvent> events) {
    this.events = List.copyOf(events);
  }

  /** Position of the first event that matches; fails when there is none. */
  int indexOf(String what, Predicate<NodeEvent> match) {
    for (int i = 0; i < events.size(); i++) {
      if (match.test(events.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no event: " + what);
  }

  NodeEvent at(int index) {
    return events.get(index);
  }

  /** The send that node made of a message type to peer, for key. */
  int sent(String node, String type, String peer, String key) {
    return indexOf(
        node + " sent " + type + " to " + peer,
        e ->
            e.node().equals(node)
                && e.type().equals("SENT")
                && e.label().equals(type)
                && e.peer().equals(peer)
                && e.key().equals(key)
                && !e.detail().equals("dropped"));
  }

  /** The receive paired with the send at sentIndex; asserts that it comes after it. */
  int receivedOf(int sentIndex) {
    NodeEvent send = events.get(sentIndex);
    int received =
        indexOf(
            "receive of " + send,
            e ->
                e.type().equals("RECEIVED")
                    && e.node().equals(send.peer())
                    && e.peer().equals(send.node())
                    && e.causeSeq() == send.seq());
    assertThat(received).as("%s received after it was sent", send.label()).isGreaterThan(sentIndex);
    assertThat(events.get(received).label()).isEqualTo(send.label());
    return received;
  }

  /**
   * Every receive whose send is in the flow comes after that send, and each node's events keep
   * their order.
   */
  void assertCausal() {
    Map<String, Integer> sends = new HashMap<>();
    Map<String, Long> lastSeq = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      NodeEvent e = events.get(i);
      Long previous = lastSeq.put(e.node(), e.seq());
      if (previous != null && e.seq() > 1) {
        assertThat(e.seq()).as("order of %s's events", e.node()).isEqualTo(previous + 1);
      }
      if (e.type().equals("SENT")) {
        sends.put(e.node() + "#" + e.seq(), i);
      }
    }
    for (int i = 0; i < events.size(); i++) {
      NodeEvent e = events.get(i);
      if (e.type().equals("RECEIVED")) {
        Integer send = sends.get(e.peer() + "#" + e.causeSeq());
        if (send != null) {
          assertThat(send).as("send of %s before its receive", e).isLessThan(i);
        }
      }
    }
  }

  static Predicate<NodeEvent> is(String node, String type, String label) {
    return e -> e.node().equals(node) && e.type().equals(type) && e.label().equals(label);
  }
}
