package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The config picker: the files on offer, the one chosen, and either its validated config or the
 * loader's message. Files are read off the FX thread. All methods run on the FX thread.
 */
final class ConfigPicker {

  private final FxInbox inbox;
  private final Executor background;
  private final Consumer<ClusterConfig> onValid;
  private final Consumer<String> onInvalid;
  private final ObservableList<Path> files = FXCollections.observableArrayList();
  private final ObservableList<Path> readOnlyFiles =
      FXCollections.unmodifiableObservableList(files);
  private final ReadOnlyObjectWrapper<Path> path = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<ClusterConfig> config = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private Path scanned;

  ConfigPicker(
      FxInbox inbox,
      Executor background,
      Consumer<ClusterConfig> onValid,
      Consumer<String> onInvalid) {
    this.inbox = inbox;
    this.background = background;
    this.onValid = onValid;
    this.onInvalid = onInvalid;
  }

  /** Config files offered in the picker. */
  ObservableList<Path> files() {
    return readOnlyFiles;
  }

  ReadOnlyObjectProperty<Path> pathProperty() {
    return path.getReadOnlyProperty();
  }

  /** The loaded config; null while none is valid. */
  ReadOnlyObjectProperty<ClusterConfig> configProperty() {
    return config.getReadOnlyProperty();
  }

  /**
   * The loader's message for an invalid config (file, line, fix); empty when the config is valid.
   */
  ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  // Commands

  /** Offers the YAML files of a directory, centralized.yaml first. */
  void scan(Path dir) {
    scanned = dir;
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> listYaml(dir), background),
        (found, failure) -> {
          if (found != null) {
            // Files gone from the folder leave the list, unless chosen; files added since appear.
            files.removeIf(
                p ->
                    p.startsWith(dir.toAbsolutePath().normalize())
                        && !found.contains(p)
                        && !p.equals(path.get()));
            found.stream().filter(p -> !files.contains(p)).forEach(files::add);
          }
        });
  }

  /**
   * Looks at the scanned folder again (when the picker opens): files added or removed since show.
   */
  void rescan() {
    if (scanned != null) {
      scan(scanned);
    }
  }

  void load(Path file) {
    Path chosen = file.toAbsolutePath().normalize();
    if (!files.contains(chosen)) {
      files.add(chosen);
    }
    path.set(chosen);
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> read(chosen), background),
        (loaded, failure) -> {
          if (!chosen.equals(path.get())) {
            return; // another file was picked meanwhile
          }
          if (failure == null) {
            config.set(loaded);
            error.set("");
            onValid.accept(loaded);
          } else {
            config.set(null);
            error.set(failure instanceof Invalid ? failure.getMessage() : chosen + ": " + failure);
            onInvalid.accept(error.get());
          }
        });
  }

  /** Shows a config already loaded and validated elsewhere (a lesson's cluster), at once. */
  void show(ClusterConfig loaded) {
    Path chosen = loaded.source().toAbsolutePath().normalize();
    if (!files.contains(chosen)) {
      files.add(chosen);
    }
    path.set(chosen);
    config.set(loaded);
    error.set("");
    onValid.accept(loaded);
  }

  private static ClusterConfig read(Path file) {
    try {
      return ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new Invalid(e.getMessage());
    }
  }

  private static List<Path> listYaml(Path dir) {
    try (Stream<Path> found = Files.list(dir)) {
      return found
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .map(p -> p.toAbsolutePath().normalize())
          .sorted(
              Comparator.comparing(
                      (Path p) -> !p.getFileName().toString().startsWith("centralized"))
                  .thenComparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Carries a ConfigException's message through a CompletableFuture. */
  private static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
