package dev.caplab.ui;

import dev.caplab.client.NodeEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Turns SENT/RECEIVED pairs into tokens travelling along links, in causal order: a message a node
 * sends, and a state change it makes, wait until the tokens it received before have landed. All
 * methods run on the FX thread.
 *
 * <p>Drawing is bounded: at most {@link #MAX_FLYING} tokens fly and {@link #MAX_QUEUED} wait, and a
 * link carries at most {@link #MAX_PER_LINK} tokens each way plus one of each message type it has
 * not on screen (a sample that keeps every kind of message visible). Messages beyond that are
 * counted in the link's {@link LinkMeter} instead, so a flood makes the picture coarser, never
 * later.
 */
final class MessageFlow {

  static final double TRIP_MILLIS = 700;
  static final int MAX_FLYING = 48;
  static final int MAX_QUEUED = 96;
  static final int MAX_PER_LINK = 4;
  private static final long METER_REFRESH_NANOS = 250_000_000L;
  static final double LOST_AFTER_MILLIS = 3000;
  static final long METER_HOLD_NANOS = 2_500_000_000L;
  private static final int MAX_UNMATCHED = 8192;
  private static final int MAX_DEFERRED = 512;

  /**
   * Longest a token waits to be drawn, in animation time; older ones go into the badges. Long
   * enough for the longest exchange (a quorum write: vote request, grant, write, ack, confirm,
   * confirm ack).
   */
  static final double MAX_WAIT_MILLIS = 8 * TRIP_MILLIS;

  private static final int RECORD_SIZE = 2000;
  private static final double MAX_STEP_MILLIS = 100;

  private record Sent(String node, long seq) {}

  private static final int MAX_EARLY = 1024;

  /**
   * The tokens queued or flying on one direction of a link, by label: what the sample already
   * shows.
   */
  private static final class OnLink {
    int tokens;
    final Map<String, Integer> labels = new HashMap<>();

    void add(String label) {
      tokens++;
      labels.merge(label, 1, Integer::sum);
    }

    void remove(String label) {
      tokens--;
      labels.computeIfPresent(label, (l, n) -> n == 1 ? null : n - 1);
    }
  }

  /**
   * An effect waiting for tokens to land; {@code lane} is its node and key (effects of one lane
   * keep their order), {@code since} the animation time it was deferred at.
   */
  private record Deferred(String lane, List<Token> causes, Runnable effect, double since) {}

  private final DoubleProperty speed = new SimpleDoubleProperty(1);
  private final BooleanProperty paused = new SimpleBooleanProperty();
  private final BooleanProperty showBackground = new SimpleBooleanProperty();
  private final ObservableList<Token> flying = FXCollections.observableArrayList();
  private final ObservableList<Token> readOnlyFlying =
      FXCollections.unmodifiableObservableList(flying);
  private final ObservableList<LinkMeter> meters = FXCollections.observableArrayList();
  private final ObservableList<LinkMeter> readOnlyMeters =
      FXCollections.unmodifiableObservableList(meters);
  private final ArrayDeque<Token> queued = new ArrayDeque<>();
  private final Map<Sent, Token> unmatched =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Sent, Token> eldest) {
          return size() > MAX_UNMATCHED;
        }
      };

  /**
   * Receipts that came before their send: the merged stream passes a RECEIVED on when the sender's
   * stream is not connected yet (at start, say). Without them the SENT that follows would make a
   * token no one ever receives.
   */
  private final Set<Sent> early =
      Collections.newSetFromMap(
          new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Sent, Boolean> eldest) {
              return size() > MAX_EARLY;
            }
          });

  private final Map<String, List<Token>> inbound = new HashMap<>();
  private final Map<String, LinkMeter> meterIndex = new HashMap<>();
  private final Map<String, OnLink> onLinks = new HashMap<>();
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
  private final Map<String, Integer> deferredPerLane = new HashMap<>();
  private final ArrayDeque<AnimationRecord> record = new ArrayDeque<>();
  private final Map<String, Integer> startedByLabel = new HashMap<>();
  private Map<String, Integer> weights = Map.of();
  private long aggregated;
  private long lastTick;
  private long lastMeterRefresh;

  /** Milliseconds of animation so far: stands still while paused, runs slow at low speed. */
  private double clock;

  /** Animation speed, 0.1 to 2 (1 = one trip in {@link #TRIP_MILLIS}). */
  DoubleProperty speedProperty() {
    return speed;
  }

  BooleanProperty pausedProperty() {
    return paused;
  }

  /**
   * Whether leases, probes and anti-entropy are drawn too (off: only what client requests cause).
   */
  BooleanProperty showBackgroundProperty() {
    return showBackground;
  }

  /** Tokens on screen (flying, waiting at the receiver, or just lost). */
  ObservableList<Token> tokens() {
    return readOnlyFlying;
  }

  /** One per link whose messages came too fast to animate lately: its rate by kind. */
  ObservableList<LinkMeter> meters() {
    return readOnlyMeters;
  }

  // Commands

  /** Forgets everything; the nodes of the new cluster and their vote weights. */
  void reset(Map<String, Integer> nodeWeights) {
    weights = Map.copyOf(nodeWeights);
    flying.clear();
    meters.clear();
    meterIndex.clear();
    onLinks.clear();
    queued.clear();
    unmatched.clear();
    early.clear();
    inbound.clear();
    deferred.clear();
    deferredPerLane.clear();
  }

  /** Takes SENT and RECEIVED events; others are ignored. */
  void onEvent(NodeEvent event) {
    switch (event.type()) {
      case "SENT" -> sent(event);
      case "RECEIVED" -> received(event);
      // HELD / RELEASED: step mode (issue 10) parks a held request's token here and lets it go when
      // released.
      default -> {}
    }
  }

  /**
   * Runs the effect once every token the node has received so far has landed (at once if none is in
   * flight).
   */
  void defer(String node, Runnable effect) {
    defer(node, "", effect);
  }

  /**
   * Runs the effect once the tokens the node has received so far about this key have landed (all of
   * them when the key is empty). Effects of one node and key run in the order they were deferred.
   */
  void defer(String node, String key, Runnable effect) {
    List<Token> causes = openInbound(node, key);
    String lane = lane(node, key);
    if (causes.isEmpty() && !deferredPerLane.containsKey(lane)) {
      effect.run();
      return;
    }
    deferred.add(new Deferred(lane, causes, effect, clock));
    deferredPerLane.merge(lane, 1, Integer::sum);
    if (deferred.size() > MAX_DEFERRED) {
      apply(deferred.poll());
    }
  }

  /**
   * The node restarted: its sequence numbers start again, and nothing it sent before will be
   * received.
   */
  void forget(String node) {
    unmatched.keySet().removeIf(s -> s.node().equals(node));
    early.removeIf(s -> s.node().equals(node));
    inbound.remove(node);
  }

  /** Advances the animation to the given time (from the frame clock). */
  void tick(long nowNanos) {
    double realMillis = lastTick == 0 ? 0 : Math.min(MAX_STEP_MILLIS, (nowNanos - lastTick) / 1e6);
    lastTick = nowNanos;
    double millis = paused.get() ? 0 : realMillis * clampedSpeed();
    double wall = paused.get() ? 0 : realMillis;
    clock += millis;
    for (Iterator<Token> it = flying.iterator(); it.hasNext(); ) {
      Token token = it.next();
      if (token.advance(millis / TRIP_MILLIS, wall, LOST_AFTER_MILLIS)) {
        it.remove();
        leaveLink(token);
      }
    }
    if (!paused.get()) {
      dropStale();
      launchReady();
    }
    applyReadyEffects();
    if (nowNanos - lastMeterRefresh >= METER_REFRESH_NANOS) {
      // A few times a second is enough to read a rate, and it keeps the meters' layout out of most
      // frames.
      lastMeterRefresh = nowNanos;
      meters.removeIf(m -> !m.wanted(nowNanos, METER_HOLD_NANOS));
      for (LinkMeter m : meters) {
        m.refresh(nowNanos);
      }
    }
  }

  // Queries for tests and the status line

  /** How many tokens with this protocol label were drawn since the start. */
  int started(String label) {
    return startedByLabel.getOrDefault(label, 0);
  }

  /** How many tokens were drawn since the start. */
  long startedTotal() {
    return startedByLabel.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** The most recently drawn tokens, oldest first. */
  List<AnimationRecord> recent() {
    return List.copyOf(record);
  }

  /** Messages counted in link meters instead of being drawn. */
  long aggregated() {
    return aggregated;
  }

  int queuedCount() {
    return queued.size();
  }

  private void sent(NodeEvent e) {
    if (!weights.containsKey(e.node()) || !weights.containsKey(e.peer())) {
      return;
    }
    Token token =
        new Token(
            e.node(),
            e.peer(),
            e.label(),
            text(e.label(), e.node()),
            e.key(),
            openInbound(e.node(), e.key()),
            clock);
    if (e.detail().equals("dropped")) {
      token.markDropped(); // cut by a partition rule: it will never arrive
    } else if (early.remove(new Sent(e.node(), e.seq()))) {
      token.markReceived();
    } else {
      unmatched.put(new Sent(e.node(), e.seq()), token);
    }
    if (token.kind() == MessageKind.BACKGROUND && !showBackground.get()) {
      token.hide();
      return;
    }
    meter(token).count(token.label(), lastTick);
    OnLink link = onLinks.computeIfAbsent(directed(token), k -> new OnLink());
    boolean sampled = link.tokens < MAX_PER_LINK || !link.labels.containsKey(token.label());
    if (queued.size() >= MAX_QUEUED || !sampled) {
      aggregate(token);
    } else {
      queued.add(token);
      link.add(token.label());
    }
  }

  private LinkMeter meter(Token token) {
    return meterIndex.computeIfAbsent(
        LinkMeter.key(token.from(), token.to()), k -> new LinkMeter(token.from(), token.to()));
  }

  private static String directed(Token token) {
    return token.from() + '\u0000' + token.to();
  }

  private void leaveLink(Token token) {
    OnLink link = onLinks.get(directed(token));
    if (link != null) {
      link.remove(token.label());
    }
  }

  private void aggregate(Token token) {
    token.aggregate();
    aggregated++;
    LinkMeter meter = meter(token);
    if (!meters.contains(meter)) {
      meter.refresh(lastTick);
      meters.add(meter);
    }
    meter.aggregated(lastTick);
  }

  private void received(NodeEvent e) {
    Token token = unmatched.remove(new Sent(e.peer(), e.causeSeq()));
    if (token == null) {
      early.add(
          new Sent(e.peer(), e.causeSeq())); // its SENT may still come; else it was lost to a gap
      return;
    }
    token.markReceived();
    if (!token.done()) {
      inbound.computeIfAbsent(e.node(), n -> new ArrayList<>()).add(token);
    }
  }

  /**
   * Tokens the node received that are still on screen and concern the key: a message is drawn after
   * those it could be an answer to. Different keys do not wait for each other, so independent
   * requests overlap.
   */
  private List<Token> openInbound(String node, String key) {
    List<Token> open = inbound.get(node);
    if (open == null) {
      return List.of();
    }
    open.removeIf(Token::done);
    List<Token> causes = new ArrayList<>(open.size());
    for (Token t : open) {
      if (key.isEmpty() || t.key().isEmpty() || t.key().equals(key)) {
        causes.add(t);
      }
    }
    return causes;
  }

  private static String lane(String node, String key) {
    return node + '\u0000' + key;
  }

  /**
   * A token that waited too long for its causes is counted instead of drawn, so the picture stays
   * current.
   */
  private void dropStale() {
    for (Iterator<Token> it = queued.iterator(); it.hasNext(); ) {
      Token token = it.next();
      if (clock - token.queuedAt() > MAX_WAIT_MILLIS) {
        it.remove();
        leaveLink(token);
        aggregate(token);
      }
    }
  }

  private void launchReady() {
    Set<String> blocked = new HashSet<>();
    for (Iterator<Token> it = queued.iterator(); it.hasNext() && flying.size() < MAX_FLYING; ) {
      Token token = it.next();
      String lane = lane(token.from(), token.key());
      if (blocked.contains(lane)) {
        continue; // keep a node's messages about one key in the order it sent them
      }
      if (!token.causesDone()) {
        blocked.add(lane);
        continue;
      }
      it.remove();
      token.launch();
      flying.add(token);
      remember(token);
    }
  }

  private void applyReadyEffects() {
    Set<String> blocked = new HashSet<>();
    for (Iterator<Deferred> it = deferred.iterator(); it.hasNext(); ) {
      Deferred d = it.next();
      if (blocked.contains(d.lane())) {
        continue;
      }
      if (clock - d.since() > MAX_WAIT_MILLIS || allDone(d.causes())) {
        it.remove();
        apply(d);
      } else {
        blocked.add(d.lane());
      }
    }
  }

  private void apply(Deferred d) {
    deferredPerLane.computeIfPresent(d.lane(), (lane, count) -> count == 1 ? null : count - 1);
    d.effect().run();
  }

  private static boolean allDone(List<Token> tokens) {
    for (Token t : tokens) {
      if (!t.done()) {
        return false;
      }
    }
    return true;
  }

  private void remember(Token token) {
    startedByLabel.merge(token.label(), 1, Integer::sum);
    record.add(new AnimationRecord(token.from(), token.to(), token.label(), token.key()));
    if (record.size() > RECORD_SIZE) {
      record.poll();
    }
  }

  private double clampedSpeed() {
    return Math.max(0.1, Math.min(2, speed.get()));
  }

  /** Short token text; a quorum grant shows the votes it adds (its voter's weight). */
  private String text(String label, String sender) {
    return switch (label) {
      case "vote-yes" -> "yes";
      case "vote-no" -> "no";
      case "vote-request" -> "vote?";
      case "vote-grant" -> "grant +" + weights.getOrDefault(sender, 1); // adds its voter's weight
      case "write-ack" -> "stored";
      case "read-repair" -> "repair";
      default -> label;
    };
  }
}
