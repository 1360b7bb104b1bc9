package dev.caplab.lesson;

import dev.caplab.config.ClusterConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Runs a lesson without the GUI on a real cluster it starts: every do step is done, every expect
 * checked (questions are not asked), and the run stops at the first expect that does not hold.
 * Blocks its caller.
 */
public final class LessonRunner {

  /**
   * @param workDir where the run keeps its config, node data and, after a failure, events.jsonl
   * @param portBase 0 to run on the config's ports, else the nodes get portBase, portBase + 1...
   * @param out one line per step
   * @param narrate also print what say, ask and explain steps tell the student
   */
  public record Options(Path workDir, int portBase, PrintStream out, boolean narrate) {

    public Options(Path workDir, int portBase, PrintStream out) {
      this(workDir, portBase, out, false);
    }
  }

  /** How a run went: failedLine and message are set when it failed. */
  public record Report(
      Lesson lesson, boolean passed, int failedLine, String message, int expects, Duration took) {

    /** file:line: what was expected and what was seen, or the file and PASS. */
    public String summary() {
      String seconds = String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
      return passed
          ? "PASS " + lesson.source() + " (" + expects + " expectations) in " + seconds
          : "FAIL " + lesson.source() + (failedLine > 0 ? ":" + failedLine : "") + ": " + message;
    }
  }

  private LessonRunner() {}

  public static Report run(Lesson lesson, Options options) throws InterruptedException {
    long started = System.nanoTime();
    PrintStream out = options.out();
    out.println("lesson " + lesson.source() + ": " + lesson.title());
    int expects = 0;
    LessonRun run;
    try {
      run = LessonRun.start(lesson, options.workDir(), options.portBase());
    } catch (LessonException e) {
      // The summary names the file already.
      String reason = e.getMessage().replaceFirst("^" + Pattern.quote(lesson.source() + ": "), "");
      return new Report(lesson, false, 0, reason, 0, since(started));
    }
    try (run) {
      for (ClusterConfig config : run.clusters()) {
        out.println(
            "  cluster ready: " + config.ids() + " from port " + config.nodes().get(0).port());
      }
      for (Step step : lesson.steps()) {
        if (!(step instanceof Step.Do) && !(step instanceof Step.Expect)) {
          if (options.narrate()) {
            narrate(step, out);
          }
          continue; // nobody to ask
        }
        expects += step instanceof Step.Expect ? 1 : 0;
        LessonRun.Outcome outcome = run.perform(step);
        if (!outcome.passed()) {
          save(run, out);
          return new Report(lesson, false, step.line(), outcome.text(), expects, since(started));
        }
        out.println(
            "  " + step.line() + (step instanceof Step.Do ? " do: " : " ok: ") + outcome.text());
      }
      save(run, out);
    }
    return new Report(lesson, true, 0, "", expects, since(started));
  }

  private static void narrate(Step step, PrintStream out) {
    if (step instanceof Step.Say s) {
      out.println("  " + step.line() + " say: " + s.text().strip());
    } else if (step instanceof Step.Explain x) {
      out.println("  " + step.line() + " explain: " + x.text().strip());
    } else if (step instanceof Step.Ask a) {
      out.println("  " + step.line() + " ask: " + a.question().strip());
      for (int i = 0; i < a.choices().size(); i++) {
        out.println("      " + (i + 1) + ". " + a.choices().get(i));
      }
      out.println("      answer " + (a.answer() + 1) + ": " + a.why().strip());
    }
  }

  private static void save(LessonRun run, PrintStream out) {
    try {
      run.save();
    } catch (IOException e) {
      out.println("  (events and history not saved: " + e.getMessage() + ")");
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
