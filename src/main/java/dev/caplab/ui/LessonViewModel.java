package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.lesson.Action;
import dev.caplab.lesson.Lesson;
import dev.caplab.lesson.LessonException;
import dev.caplab.lesson.LessonLoader;
import dev.caplab.lesson.LessonRun;
import dev.caplab.lesson.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A lesson played in the GUI: starts the lesson's cluster (real node processes, through {@link
 * LessonRun}) and shows it in the lab like any cluster; Next performs one step on it, Back shows
 * earlier steps again. Asks wait for the student's choice; the next expect that runs after it
 * reveals whether the prediction was right. Steps run on one worker thread, never the FX thread.
 * All methods run on the FX thread.
 *
 * <p>Back does not undo: a crash, a put or a partition already happened on real processes. Going
 * back re-shows the earlier text and results; Next then moves forward through what was already done
 * without doing it again.
 */
final class LessonViewModel {

  /** A lesson on offer: its file and title (the file name when it does not load). */
  record Offer(Path file, String title) {}

  /**
   * The student's answer to an ask (chosen from 0, -1 before choosing); revealed once an expect
   * after it ran.
   */
  record Prediction(Step.Ask ask, int chosen, boolean revealed) {
    boolean right() {
      return chosen == ask.answer();
    }
  }

  private final LabViewModel lab;
  private final FxInbox inbox;
  private final Executor background;
  private final Path workRoot;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "lesson-steps");
            t.setDaemon(true);
            return t;
          });
  private final ObservableList<Offer> offers = FXCollections.observableArrayList();
  private final ObservableList<Offer> readOnlyOffers =
      FXCollections.unmodifiableObservableList(offers);
  private final ReadOnlyObjectWrapper<Lesson> lesson = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Step> current = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<LessonRun.Outcome> outcome = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper explanation = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>();
  private final Map<Integer, Integer> answers = new HashMap<>();
  private final Map<Integer, LessonRun.Outcome> outcomes = new HashMap<>();
  private int reached = -1;
  private int portBase;
  private LessonRun run;
  private ClusterConfig shownCluster;
  private Future<?> running;
  private boolean reattaching;

  /** Set on application exit: a cluster that finishes starting afterwards is stopped at once. */
  private volatile boolean detached;

  LessonViewModel(LabViewModel lab, FxInbox inbox, Executor background, Path workRoot) {
    this.lab = lab;
    this.inbox = inbox;
    this.background = background;
    this.workRoot = workRoot;
    // The toolbar's Stop during a lesson stops the lesson (its processes), not just the view of
    // them.
    lab.phaseProperty()
        .addListener(
            (obs, was, now) -> {
              if (now == ClusterPhase.STOPPING && active.get() && !reattaching && run != null) {
                leave();
              }
            });
  }

  ObservableList<Offer> offers() {
    return readOnlyOffers;
  }

  /** The open lesson, null when none. */
  ReadOnlyObjectProperty<Lesson> lessonProperty() {
    return lesson.getReadOnlyProperty();
  }

  /** A lesson is open: its cluster starting or running. */
  ReadOnlyBooleanProperty activeProperty() {
    return active.getReadOnlyProperty();
  }

  /** The lesson's cluster is starting or a step runs on it: Next and Back wait. */
  ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** The step shown, from 0; -1 for the introduction. */
  ReadOnlyIntegerProperty indexProperty() {
    return index.getReadOnlyProperty();
  }

  /** "Step 4 of 12", or "Introduction · 12 steps". */
  ReadOnlyStringProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** What the lesson is doing or why it cannot go on, in a sentence. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The step shown; null on the introduction. */
  ReadOnlyObjectProperty<Step> currentProperty() {
    return current.getReadOnlyProperty();
  }

  /**
   * What the shown do or expect step did or saw on the cluster; null while it runs and for other
   * steps.
   */
  ReadOnlyObjectProperty<LessonRun.Outcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  /** The latest explain step reached: it stays beside the animation until the next one. */
  ReadOnlyStringProperty explanationProperty() {
    return explanation.getReadOnlyProperty();
  }

  /** The latest question reached and the answer given; null before the first question. */
  ReadOnlyObjectProperty<Prediction> predictionProperty() {
    return prediction.getReadOnlyProperty();
  }

  /** Moves the lesson's nodes to base, base + 1... (0: the lesson config's own ports). */
  void setPortBase(int base) {
    portBase = base;
  }

  // Commands

  /**
   * Offers the lessons of a folder (assets/lessons), in file order, titles read off the FX thread.
   */
  void scan(Path dir) {
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> list(dir), background),
        (found, error) -> {
          if (found != null) {
            offers.setAll(found);
          }
        });
  }

  /** Loads a lesson file and starts its cluster (after stopping the cluster that runs, if any). */
  void open(Path file) {
    if (active.get()) {
      leave();
    }
    status.set("Loading " + file.getFileName() + "…");
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> load(file), background),
        (loaded, error) -> {
          if (error != null) {
            status.set(String.valueOf(error.getMessage()));
            lab.say(
                "The lesson could not be loaded: "
                    + String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
            return;
          }
          ClusterPhase phase = lab.phaseProperty().get();
          if (phase == ClusterPhase.RUNNING) {
            lab.stop().thenRun(() -> begin(loaded)); // completes on the FX thread
          } else if (phase == ClusterPhase.IDLE) {
            begin(loaded);
          } else {
            status.set(
                "Wait until the cluster has started or stopped, then pick the lesson again.");
          }
        });
  }

  /** Performs the next step (or shows it again, when Back went over it). */
  void next() {
    Lesson l = lesson.get();
    if (l == null || run == null || busy.get()) {
      return;
    }
    int i = index.get();
    if (i >= 0 && l.steps().get(i) instanceof Step.Ask && !answers.containsKey(i)) {
      status.set("Choose an answer first: predict, then watch what the real cluster does.");
      return;
    }
    if (i + 1 >= l.steps().size()) {
      status.set(
          "That was the last step. Leave the lesson to stop its cluster, or pick another lesson.");
      return;
    }
    int target = i + 1;
    if (target <= reached) {
      show(target);
      status.set(target == reached ? "" : "Already done on the cluster; shown again.");
      return;
    }
    Step step = l.steps().get(target);
    if (!(step instanceof Step.Do) && !(step instanceof Step.Expect)) {
      reached = target;
      show(target);
      status.set("");
      return;
    }
    reached = target;
    show(target);
    busy.set(true);
    status.set(
        step instanceof Step.Do
            ? "Doing it on the real cluster…"
            : "Checking the real cluster (it may take a few seconds to hold)…");
    LessonRun r = run;
    submit(
        () -> r.perform(step),
        (done, error) -> {
          if (run != r) {
            return; // the lesson was left meanwhile
          }
          busy.set(false);
          LessonRun.Outcome result =
              error == null
                  ? done
                  : new LessonRun.Outcome(
                      step, false, "the step could not run: " + error.getMessage());
          outcomes.put(target, result);
          show(index.get());
          status.set(
              result.passed()
                  ? ""
                  : "The cluster did not do what the lesson says (see above). You can go on, or leave the lesson.");
          if (step instanceof Step.Do d
              && d.action() instanceof Action.RestartCluster
              && r.cluster() != shownCluster) {
            showCluster(r);
          }
        });
  }

  /** Shows the previous step again; the cluster is not rewound. */
  void back() {
    if (lesson.get() == null || busy.get() || index.get() < 0) {
      return;
    }
    show(index.get() - 1);
    status.set(
        "Back shows an earlier step again. The cluster is not rewound: it stays as the latest step left"
            + " it, and Next will not do those steps twice.");
  }

  /** Answers the shown question with choice (from 0); an answer, once given, stays. */
  void choose(int choice) {
    int i = index.get();
    Lesson l = lesson.get();
    if (l == null
        || i < 0
        || !(l.steps().get(i) instanceof Step.Ask ask)
        || answers.containsKey(i)
        || choice < 0
        || choice >= ask.choices().size()) {
      return;
    }
    answers.put(i, choice);
    show(i);
    status.set("Prediction noted. Press Next and watch the real cluster answer it.");
  }

  /** Closes the lesson: stops its node processes (off the FX thread) and clears the panel. */
  void leave() {
    if (!active.get()) {
      return;
    }
    LessonRun r = run;
    run = null;
    active.set(false);
    busy.set(false);
    lesson.set(null);
    current.set(null);
    outcome.set(null);
    prediction.set(null);
    explanation.set("");
    progress.set("");
    lab.highlight().clear();
    if (running != null) {
      running.cancel(true); // an expect may wait up to its bound
    }
    if (lab.phaseProperty().get() == ClusterPhase.RUNNING
        || lab.phaseProperty().get() == ClusterPhase.STARTING) {
      lab.stop();
    }
    if (r != null) {
      worker.submit(r::close);
    }
    status.set("Lesson left; its node processes are stopped.");
  }

  /**
   * Stops the lesson's processes without going through the FX thread again, for application exit;
   * the future completes on the lesson's worker thread.
   */
  CompletableFuture<Void> detach() {
    detached = true;
    LessonRun r = run;
    run = null;
    if (running != null) {
      running.cancel(true);
    }
    return r == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(r::close, worker);
  }

  // Internals

  private void begin(Lesson l) {
    lesson.set(l);
    active.set(true);
    busy.set(true);
    reached = -1;
    answers.clear();
    outcomes.clear();
    show(-1);
    status.set(
        "Starting the lesson's cluster: "
            + l.config().cluster().nodes().size()
            + " node processes, then one put and get on each so it has served before the lesson starts…");
    Path dir = workRoot.resolve(baseName(l.source()));
    int base = portBase;
    submit(
        () -> {
          deleteTree(dir); // a lesson starts with empty stores
          LessonRun started = LessonRun.start(l, dir, base);
          if (detached) {
            started.close();
            throw new IllegalStateException(
                "the lab was closed while the lesson's cluster started");
          }
          return started;
        },
        (started, error) -> {
          if (lesson.get() != l) {
            if (started != null) {
              worker.submit(started::close); // left while starting
            }
            return;
          }
          busy.set(false);
          if (error != null) {
            active.set(false);
            lesson.set(null);
            status.set(String.valueOf(error.getMessage()));
            // The first line: the node and the reason; its log tail follows in the message, too
            // long for a status line.
            lab.say(String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
            return;
          }
          run = started;
          shownCluster = started.cluster();
          lab.showLesson(started.cluster(), LiveCluster.attachTo(started));
          status.set(
              l.compares()
                  ? "Both clusters serve. The lab shows the centralized one; the decentralized one runs beside it and each"
                      + " step acts on both; the checks report each. Press Next to begin."
                  : "The lesson's cluster serves. Press Next to begin.");
        });
  }

  /** Shows the cluster a restart_cluster step started in place of the one shown. */
  private void showCluster(LessonRun r) {
    reattaching = true;
    busy.set(true);
    lab.stop()
        .thenRun(
            () -> {
              reattaching = false;
              busy.set(false);
              if (run == r) {
                shownCluster = r.cluster();
                lab.showLesson(r.cluster(), LiveCluster.attachTo(r));
              }
            });
  }

  private void show(int i) {
    Lesson l = lesson.get();
    List<Step> steps = l.steps();
    index.set(i);
    progress.set(
        i < 0
            ? "Introduction · " + steps.size() + " steps"
            : "Step " + (i + 1) + " of " + steps.size());
    current.set(i < 0 ? null : steps.get(i));
    outcome.set(outcomes.get(i));
    String explained = "";
    List<String> pointed = List.of();
    Prediction predicted = null;
    int askedAt = -1;
    for (int k = 0; k <= i; k++) {
      Step s = steps.get(k);
      if (s instanceof Step.Explain x) {
        explained = x.text().strip();
      } else if (s instanceof Step.Say say) {
        pointed = say.highlight();
      } else if (s instanceof Step.Ask ask) {
        predicted = new Prediction(ask, answers.getOrDefault(k, -1), false);
        askedAt = k;
      }
    }
    // Answered once a check after the question ran, also when Back shows the question again.
    for (int k = askedAt + 1;
        predicted != null
            && predicted.chosen() >= 0
            && k <= reached
            && !(steps.get(k) instanceof Step.Ask);
        k++) {
      if (steps.get(k) instanceof Step.Expect && outcomes.containsKey(k)) {
        predicted = new Prediction(predicted.ask(), predicted.chosen(), true);
        break;
      }
    }
    explanation.set(explained);
    prediction.set(predicted);
    if (!lab.highlight().equals(java.util.Set.copyOf(pointed))) {
      lab.highlight().clear();
      lab.highlight().addAll(pointed);
    }
  }

  private <T> void submit(Callable<T> work, BiConsumer<T, Throwable> then) {
    CompletableFuture<T> result = new CompletableFuture<>();
    running =
        worker.submit(
            () -> {
              try {
                result.complete(work.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    inbox.deliver(result, then);
  }

  private static Lesson load(Path file) {
    try {
      return LessonLoader.load(file);
    } catch (LessonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<Offer> list(Path dir) {
    List<Offer> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        String title;
        try {
          title = LessonLoader.load(f).title();
        } catch (LessonException e) {
          title = f.getFileName() + " (does not load)";
        }
        found.add(new Offer(f, title));
      }
    } catch (IOException e) {
      return List.of();
    }
    return found;
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
