package dev.caplab.ui;

import atlantafx.base.theme.Styles;
import dev.caplab.lesson.Lesson;
import dev.caplab.lesson.LessonRun;
import dev.caplab.lesson.Step;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/**
 * The lesson beside the topology: the step shown (text, question with its choices, or what the real
 * cluster did), the student's prediction and whether the run proved it right, the latest
 * explanation, and Back / Next / Leave.
 */
final class LessonPanel extends VBox {

  private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");
  private static final PseudoClass RIGHT = PseudoClass.getPseudoClass("right-answer");

  private final LessonViewModel lesson;
  private final Label title = new Label();
  private final Label progress = new Label();
  private final Label kind = new Label();
  private final Label text = new Label();
  private final VBox choices = new VBox(4);
  private final Label outcome = new Label();
  private final VBox predictionBox = new VBox();
  private final Label verdict = new Label();
  private final Label why = new Label();
  private final VBox explanationBox = new VBox();
  private final Label explanation = new Label();
  private final Label status = new Label();
  private final Button back = new Button("Back", new FontIcon(MaterialDesignC.CHEVRON_LEFT));
  private final Button next = new Button("Next", new FontIcon(MaterialDesignC.CHEVRON_RIGHT));
  private final Button leave = new Button("Leave", new FontIcon(MaterialDesignE.EXIT_TO_APP));

  LessonPanel(LessonViewModel lesson) {
    this.lesson = lesson;
    createView();
    bindModel();
  }

  private void createView() {
    setId("lesson-panel");
    getStyleClass().add("lesson-panel");
    setMinWidth(260);
    setPrefWidth(290);
    title.setId("lesson-title");
    title.getStyleClass().add("lesson-title");
    progress.setId("lesson-progress");
    progress.getStyleClass().add("lesson-progress");
    kind.setId("lesson-kind");
    kind.getStyleClass().add("lesson-kind");
    text.setId("lesson-text");
    text.getStyleClass().add("lesson-text");
    choices.setId("lesson-choices");
    outcome.setId("lesson-outcome");
    outcome.getStyleClass().add("lesson-outcome");
    verdict.setId("lesson-verdict");
    why.setId("lesson-why");
    predictionBox.setId("lesson-prediction");
    predictionBox.getStyleClass().add("lesson-box");
    predictionBox.getChildren().addAll(verdict, why);
    Label explainTitle = new Label("Explanation");
    explainTitle.getStyleClass().add("lesson-box-title");
    explanation.setId("lesson-explanation");
    explanationBox.setId("lesson-explanation-box");
    explanationBox.getStyleClass().add("lesson-box");
    explanationBox.getChildren().addAll(explainTitle, explanation);
    status.setId("lesson-status");
    status.getStyleClass().add("lesson-status");
    for (Label l : new Label[] {title, text, outcome, verdict, why, explanation, status}) {
      l.setWrapText(true);
      l.setMinHeight(Region.USE_PREF_SIZE);
    }
    for (Region r : new Region[] {outcome, predictionBox, explanationBox, choices}) {
      r.managedProperty().bind(r.visibleProperty());
    }

    VBox body =
        new VBox(
            6,
            title,
            progress,
            kind,
            text,
            choices,
            outcome,
            predictionBox,
            explanationBox,
            status);
    body.setFillWidth(true);
    ScrollPane scroll = new ScrollPane(body);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    scroll.getStyleClass().add("edge-to-edge");
    VBox.setVgrow(scroll, Priority.ALWAYS);

    back.setId("lesson-back");
    back.setTooltip(
        new Tooltip(
            "Show the previous step again. The cluster is not rewound: what was done stays done."));
    next.setId("lesson-next");
    next.getStyleClass().add(Styles.ACCENT);
    next.setDefaultButton(false);
    next.setTooltip(new Tooltip("Do the next step on the real cluster, or show the next text"));
    leave.setId("lesson-leave");
    leave.setTooltip(new Tooltip("End the lesson and stop its node processes"));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    for (Button b : new Button[] {back, next, leave}) {
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox buttons = new HBox(6, back, next, spacer, leave);
    buttons.setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(scroll, buttons);
  }

  private void bindModel() {
    back.setOnAction(e -> lesson.back());
    next.setOnAction(e -> lesson.next());
    leave.setOnAction(e -> lesson.leave());
    back.disableProperty().bind(lesson.busyProperty().or(lesson.indexProperty().lessThan(0)));
    next.disableProperty().bind(lesson.busyProperty());
    progress.textProperty().bind(lesson.progressProperty());
    status.textProperty().bind(lesson.statusProperty());
    status.visibleProperty().bind(lesson.statusProperty().isNotEmpty());
    explanation.textProperty().bind(lesson.explanationProperty());
    lesson.lessonProperty().addListener((obs, was, now) -> refresh());
    lesson.currentProperty().addListener((obs, was, now) -> refresh());
    lesson.outcomeProperty().addListener((obs, was, now) -> refresh());
    lesson.predictionProperty().addListener((obs, was, now) -> refresh());
    refresh();
  }

  /** Redraws the step, its choices, its outcome and the prediction from the model. */
  private void refresh() {
    Lesson l = lesson.lessonProperty().get();
    Step step = lesson.currentProperty().get();
    LessonViewModel.Prediction p = lesson.predictionProperty().get();
    title.setText(l == null ? "" : l.title());
    choices.getChildren().clear();
    choices.setVisible(false);
    outcome.setVisible(false);
    outcome.getStyleClass().removeAll("passed", "failed");
    if (l == null) {
      kind.setText("");
      text.setText("");
    } else if (step == null) {
      kind.setText("What this lesson shows");
      text.setText(
          l.summary().strip()
              + (l.tradeOff().isBlank() ? "" : "\n\nCAP trade-off: " + l.tradeOff().strip()));
    } else if (step instanceof Step.Say say) {
      kind.setText(
          say.highlight().isEmpty()
              ? "Look"
              : "Look (highlighted: " + String.join(", ", say.highlight()) + ")");
      text.setText(say.text().strip());
    } else if (step instanceof Step.Ask ask) {
      kind.setText("Predict: what will happen?");
      text.setText(ask.question().strip());
      showChoices(ask, p != null && p.ask() == ask ? p : null);
    } else if (step instanceof Step.Do) {
      kind.setText("Done on the real cluster");
      showOutcome(lesson.outcomeProperty().get(), "Doing it…");
      text.setText("");
    } else if (step instanceof Step.Expect) {
      kind.setText("Check on the real cluster");
      showOutcome(lesson.outcomeProperty().get(), "Checking…");
      text.setText("");
    } else if (step instanceof Step.Explain x) {
      kind.setText("Explanation");
      text.setText(x.text().strip());
    }
    text.setVisible(!text.getText().isEmpty());
    text.setManaged(text.isVisible());
    explanationBox.setVisible(
        !lesson.explanationProperty().get().isEmpty() && !(step instanceof Step.Explain));
    showPrediction(step, p);
  }

  private void showChoices(Step.Ask ask, LessonViewModel.Prediction p) {
    choices.setVisible(true);
    for (int i = 0; i < ask.choices().size(); i++) {
      int choice = i;
      boolean answered = p != null && p.chosen() >= 0;
      boolean revealed = answered && p.revealed();
      String mark = revealed && ask.answer() == i ? "✔ " : revealed && p.chosen() == i ? "✘ " : "";
      Button b = new Button(mark + (i + 1) + ". " + ask.choices().get(i));
      b.setId("lesson-choice-" + (i + 1));
      b.getStyleClass().add("lesson-choice");
      b.setWrapText(true);
      b.setMaxWidth(Double.MAX_VALUE);
      b.setMinHeight(Region.USE_PREF_SIZE);
      b.setOnAction(e -> lesson.choose(choice));
      b.pseudoClassStateChanged(CHOSEN, answered && p.chosen() == i);
      b.pseudoClassStateChanged(RIGHT, revealed && ask.answer() == i);
      b.setFocusTraversable(!answered); // an answer, once given, stays: later clicks do nothing
      choices.getChildren().add(b);
    }
  }

  private void showOutcome(LessonRun.Outcome o, String running) {
    outcome.setVisible(true);
    if (o == null) {
      outcome.setText(running);
      return;
    }
    boolean check = o.step() instanceof Step.Expect;
    outcome.setText(
        o.passed() ? (check ? "✔ Holds: " : "✔ ") + o.text() : "✘ Did not hold: " + o.text());
    outcome.getStyleClass().add(o.passed() ? "passed" : "failed");
  }

  private void showPrediction(Step step, LessonViewModel.Prediction p) {
    predictionBox.getStyleClass().removeAll("right", "wrong");
    boolean answered = p != null && p.chosen() >= 0;
    predictionBox.setVisible(answered && (p.revealed() || step != p.ask()));
    if (!answered) {
      return;
    }
    String chosen = p.ask().choices().get(p.chosen());
    if (!p.revealed()) {
      verdict.setText("Your prediction: " + chosen + ". The next check on the cluster will tell.");
      why.setText("");
    } else if (p.right()) {
      predictionBox.getStyleClass().add("right");
      verdict.setText(
          step == p.ask()
              ? "✔ Your prediction was right."
              : "✔ Your prediction was right: " + chosen);
      why.setText("Why: " + p.ask().why().strip());
    } else {
      predictionBox.getStyleClass().add("wrong");
      verdict.setText(
          step == p.ask()
              ? "✘ Not what happened: the cluster showed choice " + (p.ask().answer() + 1) + "."
              : "✘ Not what happened. You said: "
                  + chosen
                  + "\nThe cluster showed: "
                  + p.ask().rightChoice());
      why.setText("Why: " + p.ask().why().strip());
    }
    why.setVisible(!why.getText().isEmpty());
    why.setManaged(why.isVisible());
  }
}
