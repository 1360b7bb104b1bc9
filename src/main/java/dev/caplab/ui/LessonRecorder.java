package dev.caplab.ui;

import dev.caplab.config.BundledConfigs;
import dev.caplab.config.ClusterConfig;
import dev.caplab.lesson.Action;
import dev.caplab.lesson.Expectation;
import dev.caplab.lesson.LessonWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * "Record": turns what the user does to the running cluster into lesson steps, with the time
 * between actions as {@code wait} steps and each operation's answer as an {@code expect: result},
 * so the saved lesson checks that the cluster answers the same way. A teacher then adds say / ask /
 * explain. All methods run on the FX thread.
 */
final class LessonRecorder {

  /** Shorter pauses are the user's reaction time, not part of the scenario. */
  static final Duration MIN_WAIT = Duration.ofSeconds(1);

  /** The format's bound for a wait. */
  static final Duration MAX_WAIT = Duration.ofMinutes(2);

  /** How long a recorded deliver waits for its message to be held when the lesson runs. */
  static final Duration DELIVER_WITHIN = Duration.ofSeconds(10);

  private final LongSupplier nanos;
  private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
  private final ReadOnlyIntegerWrapper steps = new ReadOnlyIntegerWrapper();
  private final List<String> lines = new ArrayList<>();
  private final Set<String> gets =
      new HashSet<>(); // names of recorded gets: only a get's value is checked
  private ClusterConfig config;
  private long lastNanos;
  private int operations;

  LessonRecorder(LongSupplier nanos) {
    this.nanos = nanos;
  }

  ReadOnlyBooleanProperty recordingProperty() {
    return recording.getReadOnlyProperty();
  }

  /** Steps recorded so far (waits and expects included). */
  ReadOnlyIntegerProperty stepsProperty() {
    return steps.getReadOnlyProperty();
  }

  /** Starts a new recording on the cluster of config, forgetting any earlier one. */
  void start(ClusterConfig running) {
    config = running;
    lines.clear();
    gets.clear();
    steps.set(0);
    operations = 0;
    lastNanos = nanos.getAsLong();
    recording.set(true);
  }

  /** Stops recording; the steps stay until saved or a new recording starts. */
  void stop() {
    recording.set(false);
  }

  boolean hasSteps() {
    return !lines.isEmpty();
  }

  // What the user did

  /**
   * A put or get the user sent; returns the name its answer is recorded under (empty when not
   * recording).
   */
  String operation(String op, String node, String key, String value) {
    if (!recording.get()) {
      return "";
    }
    String name = "op" + ++operations;
    if (!"put".equals(op)) {
      gets.add(name);
    }
    record(
        "put".equals(op)
            ? new Action.Put(node, key, value, name)
            : new Action.Get(node, key, name));
    return name;
  }

  /**
   * The answer to an operation recorded as name: the lesson expects the same outcome (and a get the
   * same value).
   */
  void answered(String name, OpResult result) {
    if (!recording.get() || name.isEmpty()) {
      return;
    }
    boolean found = gets.contains(name) && result.ok() && !"NOT_FOUND".equals(result.status());
    Optional<String> value =
        found && result.value() != null ? Optional.of(result.value()) : Optional.empty();
    add(LessonWriter.expectResult(name, outcome(result), value));
  }

  /**
   * Any other action that took effect: fail, recover, slow, restore, isolate, heal, step mode,
   * load.
   */
  void record(Action action) {
    if (!recording.get()) {
      return;
    }
    long now = nanos.getAsLong();
    Duration gap = Duration.ofNanos(now - lastNanos);
    lastNanos = now;
    if (gap.compareTo(MIN_WAIT) >= 0) {
      add(LessonWriter.step(new Action.Wait(gap.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : gap)));
    }
    add(LessonWriter.step(action));
  }

  /**
   * The recorded lesson as it will be saved to file: a header naming the running config, then the
   * steps.
   */
  String lesson(Path file) {
    String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    StringBuilder out =
        new StringBuilder(
            "# Recorded in CAP Lab. Add say / ask / explain steps between the\n"
                + "# recorded ones (format: assets/lessons/README.md), then check it: caplab lesson run "
                + name
                + ".yaml\n");
    out.append(
        LessonWriter.header(
            "Recorded: " + name,
            "What was done on the "
                + config.mode().name().toLowerCase(java.util.Locale.ROOT)
                + " cluster, step by step, with the answers the cluster gave.",
            configLine(file)));
    lines.forEach(out::append);
    return out.toString();
  }

  /**
   * A bundled config by its name; any other by its path, relative to the lesson's folder when
   * possible.
   */
  String configLine(Path lessonFile) {
    Path source = config.source().toAbsolutePath().normalize();
    String name = source.getFileName().toString();
    Path bundled = BundledConfigs.dir().resolve(name).toAbsolutePath().normalize();
    if (source.equals(bundled) && name.endsWith(".yaml")) {
      return name.substring(0, name.length() - ".yaml".length());
    }
    Path dir = lessonFile.toAbsolutePath().normalize().getParent();
    if (dir != null && source.startsWith(dir)) {
      return dir.relativize(source).toString().replace('\\', '/');
    }
    return source.toString();
  }

  private void add(String step) {
    lines.add(step);
    steps.set(lines.size());
  }

  /** The lesson's outcome word for what the console showed. */
  static String outcome(OpResult r) {
    if (r.ok()) {
      return "NOT_FOUND".equals(r.status()) ? Expectation.NOT_FOUND : Expectation.OK;
    }
    return "REFUSED".equals(r.status())
        ? Expectation.REFUSED
        : LessonWriter.outcomeOfStatus(r.status());
  }
}
