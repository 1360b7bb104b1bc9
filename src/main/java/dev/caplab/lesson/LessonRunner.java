package dev.caplab.lesson;

import dev.caplab.client.EventJson;
import dev.caplab.client.NodeEvent;
import dev.caplab.config.ClusterConfig;
import dev.caplab.core.history.HistoryJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a lesson without the GUI on a real cluster it starts: every do step is done, every expect checked
 * (questions are not asked), and the run stops at the first expect that does not hold. Blocks its caller.
 */
public final class LessonRunner {

  /**
   * @param workDir where the run keeps its config, node data and, after a failure, events.jsonl
   * @param portBase 0 to run on the config's ports, else the nodes get portBase, portBase + 1...
   * @param out one line per step
   */
  public record Options(Path workDir, int portBase, PrintStream out) {}

  /** How a run went: failedLine and message are set when it failed. */
  public record Report(Lesson lesson, boolean passed, int failedLine, String message, int expects, Duration took) {

    /** file:line: what was expected and what was seen, or the file and PASS. */
    public String summary() {
      String seconds = String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
      return passed ? "PASS " + lesson.source() + " (" + expects + " expectations) in " + seconds
          : "FAIL " + lesson.source() + (failedLine > 0 ? ":" + failedLine : "") + ": " + message;
    }
  }

  private LessonRunner() {}

  public static Report run(Lesson lesson, Options options) throws InterruptedException {
    long started = System.nanoTime();
    PrintStream out = options.out();
    out.println("lesson " + lesson.source() + ": " + lesson.title());
    int expects = 0;
    try (RunState state = new RunState(options.workDir(), options.portBase())) {
      try {
        ClusterConfig config = state.startCluster(lesson.config());
        out.println("  cluster ready: " + config.ids() + " from port " + config.nodes().get(0).port());
      } catch (StepFailed e) {
        return new Report(lesson, false, 0, e.getMessage(), 0, since(started));
      }
      ActionRunner actions = new ActionRunner(state);
      ExpectChecker checks = new ExpectChecker(state);
      for (Step step : lesson.steps()) {
        try {
          if (step instanceof Step.Do d) {
            out.println("  " + step.line() + " do: " + actions.run(d.action()));
          } else if (step instanceof Step.Expect e) {
            expects++;
            out.println("  " + step.line() + " ok: " + checks.check(e.expectation()));
          }
        } catch (StepFailed e) {
          saveEvents(state, options.workDir());
          return new Report(lesson, false, step.line(), e.getMessage(), expects, since(started));
        }
      }
      saveEvents(state, options.workDir());
    }
    return new Report(lesson, true, 0, "", expects, since(started));
  }

  /**
   * The events (format of `caplab watch`) and the history (format of `caplab check`) of the run's last cluster,
   * for the teacher.
   */
  private static void saveEvents(RunState state, Path dir) {
    if (state.cluster == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (NodeEvent e : state.cluster.events.all()) {
      lines.append(EventJson.toJson(e)).append('\n');
    }
    try {
      Files.writeString(dir.resolve("events.jsonl"), lines);
      HistoryJson.write(dir.resolve("history.jsonl"), state.cluster.history());
    } catch (IOException e) {
      // The failure itself is reported; the trace is a convenience.
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
