package dev.caplab.ui;

import javafx.application.Application;

/**
 * Plain main for the GUI: a main class that extends Application cannot start from a fat jar's class
 * path.
 */
public final class Launcher {

  private Launcher() {}

  public static void main(String[] args) {
    Application.launch(LabApp.class, args);
  }
}
