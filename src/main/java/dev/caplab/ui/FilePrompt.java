package dev.caplab.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Asks the user for a file to save to or open. The lab uses the system's file dialog; a test gives
 * the paths itself (a native dialog cannot be driven headless). Runs on the FX thread.
 */
interface FilePrompt {

  Optional<Path> save(
      Window owner, String title, String initialName, String description, String extension);

  Optional<Path> open(Window owner, String title, String description, String extension);

  /** The system's file dialog. */
  static FilePrompt dialogs() {
    return new FilePrompt() {
      @Override
      public Optional<Path> save(
          Window owner, String title, String initialName, String description, String extension) {
        FileChooser chooser = chooser(title, description, extension);
        chooser.setInitialFileName(initialName);
        return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
      }

      @Override
      public Optional<Path> open(Window owner, String title, String description, String extension) {
        return Optional.ofNullable(chooser(title, description, extension).showOpenDialog(owner))
            .map(File::toPath);
      }

      private FileChooser chooser(String title, String description, String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser
            .getExtensionFilters()
            .add(new FileChooser.ExtensionFilter(description, "*." + extension));
        return chooser;
      }
    };
  }
}
