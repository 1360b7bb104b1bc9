package dev.caplab.lesson;

import java.nio.file.Path;
import java.util.List;

/**
 * A lesson as its file describes it: what it is about, the cluster it runs on, and its steps in order.
 * Built by {@link LessonLoader}, immutable.
 *
 * @param tradeOff the CAP trade-off the lesson shows, in a sentence or two (may be empty)
 */
public record Lesson(Path source, String title, String summary, String tradeOff, LessonConfig config,
    List<Step> steps) {

  public Lesson {
    steps = List.copyOf(steps);
  }

  /** file:line, as messages name a step. */
  public String where(Step step) {
    return source + ":" + step.line();
  }
}
