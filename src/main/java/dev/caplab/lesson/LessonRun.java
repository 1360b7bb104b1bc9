package dev.caplab.lesson;

import dev.caplab.client.EventJson;
import dev.caplab.client.NodeEvent;
import dev.caplab.cluster.Supervisor;
import dev.caplab.config.ClusterConfig;
import dev.caplab.core.history.HistoryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of a lesson on a real cluster: starts the lesson's cluster, performs its steps one at a
 * time (a GUI panel on Next, the headless runner in a loop), and stops the cluster on close.
 * Questions are the caller's: {@link Step.Ask#answer()} says which choice is right.
 *
 * <p>Not thread-safe, and every method blocks (a do step until it is done, an expect up to its time
 * bound): call it from one worker thread, never from the FX thread.
 */
public final class LessonRun implements AutoCloseable {

  /**
   * What performing a step did: passed, with what was done or seen; or failed, with what was seen
   * instead.
   */
  public record Outcome(Step step, boolean passed, String text) {}

  private final Lesson lesson;
  private final Path workDir;
  private final RunState state;
  private final ActionRunner actions;
  private final ExpectChecker checks;

  private LessonRun(Lesson lesson, Path workDir, int portBase) {
    this.lesson = lesson;
    this.workDir = workDir;
    this.state = new RunState(workDir, portBase);
    this.actions = new ActionRunner(state);
    this.checks = new ExpectChecker(state);
  }

  /**
   * Starts the lesson's cluster in workDir (its config, node data and logs) on portBase, portBase +
   * 1... (0: the config's ports); returns once every node answers a read.
   *
   * @throws LessonException when the cluster cannot start; nothing is left running then
   */
  public static LessonRun start(Lesson lesson, Path workDir, int portBase)
      throws LessonException, InterruptedException {
    LessonRun run = new LessonRun(lesson, workDir, portBase);
    try {
      if (lesson.compares()) {
        run.state.startPair(new ComparePair(lesson.config(), lesson.beside().orElseThrow()));
      } else {
        run.state.startCluster(lesson.config());
      }
    } catch (StepFailed e) {
      run.close();
      throw new LessonException(lesson.source() + ": the cluster did not start: " + e.getMessage());
    }
    return run;
  }

  public Lesson lesson() {
    return lesson;
  }

  /**
   * The cluster the steps now run on (another one after a restart_cluster step; the centralized one
   * of a pair).
   */
  public ClusterConfig cluster() {
    return state.cluster.config;
  }

  /**
   * Every cluster the steps run on, as written with their ports: one, or both of a compare lesson.
   */
  public List<ClusterConfig> clusters() {
    return state.clusters.stream().map(c -> c.config).toList();
  }

  /**
   * The supervisor of the current cluster's node processes, for a GUI that shows the same processes
   * (and fails or recovers them through it). Another one after a restart_cluster step.
   */
  public Supervisor supervisor() {
    return state.cluster.supervisor;
  }

  /** Does a do step, checks an expect step; say, ask and explain pass with their text. */
  public Outcome perform(Step step) throws InterruptedException {
    try {
      if (step instanceof Step.Do d) {
        return new Outcome(step, true, actions.run(d.action()));
      } else if (step instanceof Step.Expect e) {
        return new Outcome(step, true, checks.check(e.expectation()));
      } else if (step instanceof Step.Say s) {
        return new Outcome(step, true, s.text());
      } else if (step instanceof Step.Ask a) {
        return new Outcome(step, true, a.question());
      } else if (step instanceof Step.Explain x) {
        return new Outcome(step, true, x.text());
      }
      throw new IllegalArgumentException("unknown step " + step);
    } catch (StepFailed e) {
      return new Outcome(step, false, e.getMessage());
    }
  }

  /**
   * Writes the current cluster's events (events.jsonl, the format of `caplab watch`) and the
   * lesson's operations (history.jsonl, the format of `caplab check`) into the work directory.
   */
  public void save() throws IOException {
    for (LessonCluster cluster : state.clusters) {
      // A compare run keeps each cluster's files beside its config (centralized/, decentralized/).
      Path dir = state.clusters.size() > 1 ? cluster.config.source().getParent() : workDir;
      StringBuilder lines = new StringBuilder();
      for (NodeEvent e : cluster.events.all()) {
        lines.append(EventJson.toJson(e)).append('\n');
      }
      Files.writeString(dir.resolve("events.jsonl"), lines);
      HistoryJson.write(dir.resolve("history.jsonl"), cluster.history());
    }
  }

  /** Stops every node and the load; idempotent. */
  @Override
  public void close() {
    state.close();
  }
}
