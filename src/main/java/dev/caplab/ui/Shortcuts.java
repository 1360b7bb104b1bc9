package dev.caplab.ui;

import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The lab's keys: Ctrl+Enter put, Ctrl+G get, Ctrl+K key field; and, when not typing, F fail, R
 * recover, S slow down, T step mode, N deliver the oldest held message, Space pause, Escape clear
 * the selection. Installed on the FX thread.
 */
final class Shortcuts {

  private Shortcuts() {}

  static void install(Scene scene, LabViewModel lab, ConsoleView console) {
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.ENTER) {
              lab.console().put();
              e.consume();
            } else if (e.getCode() == KeyCode.G) {
              lab.console().get();
              e.consume();
            } else if (e.getCode() == KeyCode.K) {
              console.focusKey();
              e.consume();
            }
            return;
          }
          if (scene.getFocusOwner() instanceof TextInputControl || e.isAltDown()) {
            return; // letters typed into a field are text, not commands
          }
          NodeViewModel selected = lab.selectedProperty().get();
          switch (e.getCode()) {
            case F -> {
              if (selected != null) {
                lab.actions().fail(selected.id());
              }
            }
            case R -> {
              if (selected != null) {
                lab.actions().recover(selected.id());
              }
            }
            case S -> {
              if (selected != null) {
                lab.actions().slowDown(selected.id(), 2);
              }
            }
            case T -> lab.step().toggle();
            case N -> lab.step().deliverOldest();
            case SPACE -> lab.flow().pausedProperty().set(!lab.flow().pausedProperty().get());
            case ESCAPE -> lab.select("");
            default -> {
              return;
            }
          }
          e.consume();
        });
  }
}
