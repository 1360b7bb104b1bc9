package dev.caplab.cli;

import dev.caplab.ui.LabApp;
import javafx.application.Application;

/** Opens the GUI; a class of its own so that the other commands never load JavaFX. */
final class Gui {

  private Gui() {}

  static void launch() {
    boolean linux = System.getProperty("os.name", "").toLowerCase().contains("linux");
    if (linux
        && System.getenv("DISPLAY") == null
        && System.getenv("WAYLAND_DISPLAY") == null
        && !"Monocle".equals(System.getProperty("glass.platform"))) {
      System.err.println(
          "caplab: no display to open the GUI on (DISPLAY is not set)."
              + " Run it in a desktop session, or use a command: caplab --help");
      System.exit(Main.EXIT_USAGE);
    }
    Application.launch(LabApp.class);
  }
}
