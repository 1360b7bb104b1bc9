package dev.caplab.ui;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** "Lessons" (the shipped ones, or a file) and "Record" (what the user does, saved as a lesson). */
final class LessonControls extends HBox {

  private static final PseudoClass RECORDING = PseudoClass.getPseudoClass("recording");

  private final LabViewModel lab;
  private final MenuButton lessons =
      new MenuButton("Lessons", new FontIcon(MaterialDesignS.SCHOOL));
  private final Button record =
      new Button("Record", new FontIcon(MaterialDesignR.RECORD_CIRCLE_OUTLINE));

  LessonControls(LabViewModel lab) {
    this.lab = lab;
    createView();
    bindModel();
  }

  private void createView() {
    setSpacing(8);
    setAlignment(Pos.CENTER_LEFT);
    lessons.setId("lessons-menu");
    lessons.setTooltip(
        new Tooltip(
            "Play a guided lesson: it starts its own cluster, asks you to predict, then shows"
                + " what the real processes do"));
    record.setId("record-button");
    record.getStyleClass().add("record-button");
    Tooltip recordTip =
        new Tooltip(
            "Record what you do to the running cluster (puts, gets, faults, step mode, load,"
                + " and the waits between them) as a lesson file; press again to stop and save it");
    recordTip.setWrapText(true);
    recordTip.setMaxWidth(380);
    record.setTooltip(recordTip);

    getChildren().addAll(lessons, record);
    lessons.setMinWidth(Region.USE_PREF_SIZE);
    record.setMinWidth(Region.USE_PREF_SIZE);
  }

  private void bindModel() {
    lab.lesson()
        .offers()
        .addListener(
            (javafx.collections.ListChangeListener<LessonViewModel.Offer>) c -> fillLessons());
    lab.lesson().activeProperty().addListener((obs, was, now) -> fillLessons());
    fillLessons();
    record.setOnAction(e -> toggleRecording());
    LessonRecorder recorder = lab.lessonRecorder();
    record
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    recorder.recordingProperty().get()
                        ? "Stop recording · " + recorder.stepsProperty().get() + " steps"
                        : "Record",
                recorder.recordingProperty(),
                recorder.stepsProperty()));
    recorder
        .recordingProperty()
        .addListener((obs, was, now) -> record.pseudoClassStateChanged(RECORDING, now));
    record
        .disableProperty()
        .bind(
            lab.phaseProperty()
                .isNotEqualTo(ClusterPhase.RUNNING)
                .and(recorder.recordingProperty().not())
                .or(lab.lesson().activeProperty()));
  }

  /** The shipped lessons, then "Open lesson file…" (and "Leave the lesson" while one runs). */
  private void fillLessons() {
    lessons.getItems().clear();
    int n = 0;
    for (LessonViewModel.Offer offer : lab.lesson().offers()) {
      MenuItem item = new MenuItem(offer.title());
      item.setId("lesson-item-" + ++n);
      item.setOnAction(e -> lab.lesson().open(offer.file()));
      lessons.getItems().add(item);
    }
    MenuItem open = new MenuItem("Open lesson file…");
    open.setId("lesson-open-file");
    open.setOnAction(e -> chooseLesson());
    lessons.getItems().addAll(new SeparatorMenuItem(), open);
    if (lab.lesson().activeProperty().get()) {
      MenuItem leave = new MenuItem("Leave the lesson");
      leave.setOnAction(e -> lab.lesson().leave());
      lessons.getItems().add(leave);
    }
  }

  private void chooseLesson() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a lesson");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Lesson (YAML)", "*.yaml", "*.yml"));
    if (java.nio.file.Files.isDirectory(LabApp.LESSONS)) {
      chooser.setInitialDirectory(LabApp.LESSONS.toFile());
    }
    File file = chooser.showOpenDialog(getScene().getWindow());
    if (file != null) {
      lab.lesson().open(file.toPath());
    }
  }

  /** Record on; or off, then save what was recorded where the user chooses. */
  private void toggleRecording() {
    LessonRecorder recorder = lab.lessonRecorder();
    if (!recorder.recordingProperty().get()) {
      lab.setRecording(true);
      return;
    }
    lab.setRecording(false);
    if (!recorder.hasSteps()) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save the recorded lesson");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lesson (YAML)", "*.yaml"));
    chooser.setInitialFileName("my-lesson.yaml");
    File file = chooser.showSaveDialog(getScene().getWindow());
    if (file == null) {
      lab.say("The recording was not saved. Press Record to start a new one.");
    } else {
      lab.saveRecording(file.toPath());
    }
  }
}
