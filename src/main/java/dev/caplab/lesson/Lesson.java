package dev.caplab.lesson;

import dev.caplab.config.ClusterConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A lesson as its file describes it: what it is about, the cluster it runs on, and its steps in
 * order. Built by {@link LessonLoader}, immutable.
 *
 * @param tradeOff the CAP trade-off the lesson shows, in a sentence or two (may be empty)
 * @param beside in a compare lesson ({@code config: compare}), the decentralized cluster that runs
 *     at the same time as config (the centralized one); empty otherwise
 */
public record Lesson(
    Path source,
    String title,
    String summary,
    String tradeOff,
    LessonConfig config,
    List<Step> steps,
    Optional<LessonConfig> beside) {

  public Lesson {
    steps = List.copyOf(steps);
  }

  public Lesson(
      Path source,
      String title,
      String summary,
      String tradeOff,
      LessonConfig config,
      List<Step> steps) {
    this(source, title, summary, tradeOff, config, steps, Optional.empty());
  }

  /** Whether two clusters run side by side (the Compare view's kind of lesson). */
  public boolean compares() {
    return beside.isPresent();
  }

  /** Every cluster the lesson starts: config, then the one beside it. */
  public List<ClusterConfig> clusters() {
    List<ClusterConfig> all = new ArrayList<>(List.of(config.cluster()));
    beside.ifPresent(b -> all.add(b.cluster()));
    return all;
  }

  /** file:line, as messages name a step. */
  public String where(Step step) {
    return source + ":" + step.line();
  }
}
