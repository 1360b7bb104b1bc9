package dev.caplab.ui;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;

/**
 * The message rate on one link (both directions), by kind, over the last {@link #WINDOW_NANOS}:
 * what a link shows once its messages come faster than they can be animated, as one compact meter
 * instead of a badge per message type. Counting is a map increment per message; the figures shown
 * are recomputed {@link #refresh} a few times a second. All methods run on the FX thread.
 */
final class LinkMeter {

  static final long WINDOW_NANOS = 2_000_000_000L;
  private static final int SLOTS = 8;
  private static final long SLOT_NANOS = WINDOW_NANOS / SLOTS;

  /** One message type's rate on the link. */
  record Rate(String label, MessageKind kind, double perSecond) {}

  private final String a;
  private final String b;

  /**
   * Per label, messages counted in each slot of the window (a ring indexed by slot number mod
   * SLOTS).
   */
  private final Map<String, long[]> counts = new HashMap<>();

  private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();
  private long slot = Long.MIN_VALUE;
  private long lastAggregatedNanos = Long.MIN_VALUE;
  private List<Rate> rates = List.of();
  private Map<MessageKind, Double> byKind = Map.of();
  private double total;

  /** The link between two nodes, whichever way messages go. */
  LinkMeter(String a, String b) {
    boolean ordered = a.compareTo(b) <= 0;
    this.a = ordered ? a : b;
    this.b = ordered ? b : a;
  }

  static String key(String from, String to) {
    return from.compareTo(to) <= 0 ? from + '\u0000' + to : to + '\u0000' + from;
  }

  String a() {
    return a;
  }

  String b() {
    return b;
  }

  /** Steps each time the shown figures change. */
  ReadOnlyLongProperty versionProperty() {
    return version.getReadOnlyProperty();
  }

  /** Messages per second on the link over the window, as of the last refresh. */
  double total() {
    return total;
  }

  /** Per message type, fastest first, as of the last refresh. */
  List<Rate> rates() {
    return rates;
  }

  /** Per kind (colour), as of the last refresh; kinds with no messages are absent. */
  Map<MessageKind, Double> byKind() {
    return byKind;
  }

  /** "1.6k/s": the total, short enough for the link. */
  String shortText() {
    return perSecond(total);
  }

  /** The rates in words, for the tooltip. */
  String details() {
    StringBuilder text =
        new StringBuilder(
            a
                + " ↔ "
                + b
                + ": "
                + perSecond(total)
                + " messages, more than can be"
                + " animated; the tokens on the link are a sample. Over the last "
                + WINDOW_NANOS / 1_000_000_000L
                + " s:");
    for (Rate r : rates) {
      text.append("\n  ").append(r.label()).append("  ").append(perSecond(r.perSecond()));
    }
    return text.toString();
  }

  // Commands

  /** Counts one message sent on the link at this time. */
  void count(String label, long nowNanos) {
    advance(nowNanos);
    counts.computeIfAbsent(label, l -> new long[SLOTS])[(int) Math.floorMod(slot, SLOTS)]++;
  }

  /** One message on the link was not animated: the meter is wanted for a while. */
  void aggregated(long nowNanos) {
    lastAggregatedNanos = nowNanos;
  }

  /** Whether messages were left out of the animation lately (so the meter should be on screen). */
  boolean wanted(long nowNanos, long holdNanos) {
    return lastAggregatedNanos != Long.MIN_VALUE && nowNanos - lastAggregatedNanos <= holdNanos;
  }

  /** Recomputes the figures shown. */
  void refresh(long nowNanos) {
    advance(nowNanos);
    double seconds = WINDOW_NANOS / 1e9;
    List<Rate> next = new ArrayList<>();
    Map<MessageKind, Double> kinds = new EnumMap<>(MessageKind.class);
    double sum = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      long n = 0;
      for (long c : e.getValue()) {
        n += c;
      }
      if (n > 0) {
        MessageKind kind = MessageKind.of(e.getKey());
        next.add(new Rate(e.getKey(), kind, n / seconds));
        kinds.merge(kind, n / seconds, Double::sum);
        sum += n / seconds;
      }
    }
    next.sort(Comparator.comparingDouble(Rate::perSecond).reversed().thenComparing(Rate::label));
    rates = List.copyOf(next);
    byKind = kinds;
    total = sum;
    version.set(version.get() + 1);
  }

  /** Moves the window to now, emptying the slots that fell out of it. */
  private void advance(long nowNanos) {
    long now = Math.floorDiv(nowNanos, SLOT_NANOS);
    if (slot == Long.MIN_VALUE) {
      slot = now;
      return;
    }
    for (long s = slot + 1; s <= now && s <= slot + SLOTS; s++) {
      int i = (int) Math.floorMod(s, SLOTS);
      for (long[] c : counts.values()) {
        c[i] = 0;
      }
    }
    slot = Math.max(slot, now);
  }

  static String perSecond(double rate) {
    if (rate >= 9_950) {
      return String.format(Locale.ROOT, "%.0fk/s", rate / 1000);
    }
    if (rate >= 999.5) {
      return String.format(Locale.ROOT, "%.1fk/s", rate / 1000);
    }
    return String.format(Locale.ROOT, "%.0f/s", rate);
  }
}
