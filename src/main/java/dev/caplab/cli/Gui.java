package dev.caplab.cli;

import dev.caplab.ui.LabApp;
import javafx.application.Application;

/** Opens the GUI; a class of its own so that the other commands never load JavaFX. */
final class Gui {

  private Gui() {}

  static void launch() {
    Application.launch(LabApp.class);
  }
}
