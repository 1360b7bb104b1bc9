package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import dev.caplab.core.event.QuorumVoters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The quorum overlay of decentralized mode: which nodes formed the quorum of the latest write or
 * read, with their weights summed, and, when a read follows a write of the same key, both sets and
 * the nodes in both. The sets come from the coordinators' own QUORUM events ("write-acks" and
 * "read-votes" once reached, whose detail names the voters), never from what the GUI expects. A
 * stale read found by the verdict pins the pair behind it. All methods run on the FX thread.
 */
final class QuorumViewModel {

  /** Shown quorums change at most this often, so that a teacher can read them under load. */
  static final long DWELL_NANOS = 1_200_000_000L;

  private static final int KEPT = 200;

  enum Kind {
    WRITE,
    READ
  }

  /**
   * The nodes that made one quorum: a write's acks (they hold the version durably) or a read's
   * votes.
   */
  record Quorum(
      Kind kind,
      String coordinator,
      String key,
      String version,
      List<String> voters,
      int votes,
      int needed) {
    Quorum {
      voters = List.copyOf(voters);
    }
  }

  /**
   * What the overlay draws: a write quorum, a read quorum or both (null when absent), the nodes in
   * both, and the lines of its caption. stale: a read whose quorum missed the write's, the pair
   * behind a stale read.
   */
  record Overlay(
      Quorum write,
      Quorum read,
      Set<String> both,
      List<String> lines,
      boolean stale,
      boolean pinned) {
    Overlay {
      both = Set.copyOf(both);
      lines = List.copyOf(lines);
    }
  }

  private final ReadOnlyObjectWrapper<Overlay> overlay = new ReadOnlyObjectWrapper<>();
  private final Map<String, Quorum> lastWrite = new HashMap<>();
  private final Deque<Quorum> recent = new ArrayDeque<>();
  private Map<String, Integer> weights = Map.of();
  private int readQuorum;
  private int writeQuorum;
  private int total;
  private Overlay next;
  private List<String> toExplain;
  private long shownAt = Long.MIN_VALUE / 2;
  private long now;

  /** Null while there is nothing to show. */
  ReadOnlyObjectProperty<Overlay> overlayProperty() {
    return overlay.getReadOnlyProperty();
  }

  // Commands

  /**
   * A new config or cluster: its weights and quorums (empty weights in centralized mode: nothing to
   * show).
   */
  void reset(Map<String, Integer> weights, int readQuorum, int writeQuorum) {
    this.weights = Map.copyOf(weights);
    this.readQuorum = readQuorum;
    this.writeQuorum = writeQuorum;
    this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
    lastWrite.clear();
    recent.clear();
    next = null;
    toExplain = null;
    overlay.set(null);
  }

  /** A QUORUM event, once the animation has reached it. */
  void onQuorum(NodeEvent e) {
    List<String> voters = QuorumVoters.reachedBy(e.detail());
    if (voters.isEmpty() || weights.isEmpty()) {
      return;
    }
    Kind kind =
        switch (e.label()) {
          case "write-acks" -> Kind.WRITE;
          case "read-votes" -> Kind.READ;
          default -> null; // a put's first phase and a read's write-back are not the sets a reader
            // compares
        };
    if (kind == null) {
      return;
    }
    Quorum q =
        new Quorum(kind, e.node(), e.key(), e.version(), voters, weightOf(voters), e.needed());
    recent.addLast(q);
    if (recent.size() > KEPT) {
      recent.removeFirst();
    }
    if (kind == Kind.WRITE) {
      lastWrite.put(q.key(), q);
      offer(overlay(q, null, false));
    } else {
      offer(overlay(lastWrite.get(q.key()), q, false));
    }
    explain();
  }

  /**
   * The verdict found a stale read: a get of key on readNode missed a put on writeNode. Pins the
   * latest read quorum of that get and the latest write quorum of that put before it, until {@link
   * #dismiss()} or a reset.
   */
  void explainStaleRead(String key, String readNode, String writeNode) {
    // The verdict may come before the animation has reached the read's quorum: then it waits for
    // it.
    toExplain = List.of(key, readNode, writeNode);
    explain();
  }

  private void explain() {
    if (toExplain == null) {
      return;
    }
    String key = toExplain.get(0);
    String readNode = toExplain.get(1);
    String writeNode = toExplain.get(2);
    List<Quorum> all = new ArrayList<>(recent);
    for (int i = all.size() - 1; i >= 0; i--) {
      Quorum read = all.get(i);
      if (read.kind() == Kind.READ
          && read.key().equals(key)
          && read.coordinator().equals(readNode)) {
        for (int j = i - 1; j >= 0; j--) {
          Quorum write = all.get(j);
          if (write.kind() == Kind.WRITE
              && write.key().equals(key)
              && write.coordinator().equals(writeNode)) {
            next = null;
            toExplain = null;
            overlay.set(overlay(write, read, true));
            return;
          }
        }
        return;
      }
    }
  }

  /** Hides what is shown (pinned or not) until the next quorum. */
  void dismiss() {
    next = null;
    toExplain = null;
    overlay.set(null);
  }

  /** Called every frame: shows a waiting quorum once the shown one has been up long enough. */
  void tick(long nowNanos) {
    now = nowNanos;
    if (next != null && nowNanos - shownAt >= DWELL_NANOS) {
      show(next);
    }
  }

  private void offer(Overlay o) {
    Overlay shown = overlay.get();
    if (shown != null && shown.pinned()) {
      return;
    }
    if (now - shownAt >= DWELL_NANOS) {
      show(o);
    } else {
      next = o;
    }
  }

  private void show(Overlay o) {
    next = null;
    shownAt = now;
    overlay.set(o);
  }

  private Overlay overlay(Quorum write, Quorum read, boolean pinned) {
    List<String> lines = new ArrayList<>();
    if (write != null) {
      lines.add(
          "write quorum: "
              + sum(write.voters())
              + " ≥ Qw "
              + writeQuorum
              + " · put "
              + write.key()
              + " at "
              + write.coordinator());
    }
    if (read != null) {
      lines.add(
          "read quorum: "
              + sum(read.voters())
              + " ≥ Qr "
              + readQuorum
              + " · get "
              + read.key()
              + " at "
              + read.coordinator());
    }
    Set<String> both = new LinkedHashSet<>();
    boolean stale = false;
    if (write != null && read != null) {
      both.addAll(read.voters());
      both.retainAll(write.voters());
      if (both.isEmpty()) {
        stale = true;
        lines.add(
            "in both: none. Qr "
                + readQuorum
                + " + Qw "
                + writeQuorum
                + " = "
                + (readQuorum + writeQuorum)
                + " is not more than "
                + total
                + " votes, so the read can miss the write: a stale read.");
      } else {
        lines.add(
            "in both: "
                + String.join(", ", both)
                + ", which holds the write, so the read sees it"
                + " (Qr + Qw > "
                + total
                + " votes).");
      }
    }
    return new Overlay(write, read, both, lines, stale, pinned);
  }

  /** "node_1+node_2 = 3". */
  String sum(List<String> voters) {
    return String.join("+", voters) + " = " + weightOf(voters);
  }

  private int weightOf(List<String> voters) {
    return voters.stream().mapToInt(v -> weights.getOrDefault(v, 0)).sum();
  }

  /**
   * The voters of a quorum with their weights, for a tooltip: "node_1 (2 votes), node_2 (1 vote)".
   */
  String weighted(List<String> voters) {
    return voters.stream()
        .map(
            v -> {
              int w = weights.getOrDefault(v, 0);
              return v + " (" + w + (w == 1 ? " vote)" : " votes)");
            })
        .collect(Collectors.joining(", "));
  }

  Optional<Quorum> lastWriteOf(String key) {
    return Optional.ofNullable(lastWrite.get(key));
  }
}
