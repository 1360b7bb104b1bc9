package dev.caplab.ui;

import dev.caplab.config.ClusterConfig;
import dev.caplab.config.ConfigException;
import dev.caplab.config.ConfigLoader;
import dev.caplab.config.Mode;
import dev.caplab.config.SlaveFailurePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * The cluster settings panel: the knobs of a config, filled from the loaded one. Apply validates
 * them with the config loader, writes the file and loads it, so Start runs it; files are written
 * off the FX thread. All methods run on the FX thread.
 */
final class SettingsViewModel {

  /** What unsafe_quorums lets through, in one line. */
  static final String UNSAFE_WARNING =
      "Allows quorums that need not overlap: a read can miss the latest write"
          + " (a stale read) and two writes can succeed on different nodes.";

  private final FxInbox inbox;
  private final Executor background;
  private final Path dir;
  private final Consumer<Path> load;
  private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.CENTRALIZED);
  private final IntegerProperty nodeCount = new SimpleIntegerProperty(3);
  private final ObjectProperty<SlaveFailurePolicy> policy =
      new SimpleObjectProperty<>(SlaveFailurePolicy.EXCLUDE);
  private final IntegerProperty prepareTimeout = new SimpleIntegerProperty(500);
  private final IntegerProperty commitTimeout = new SimpleIntegerProperty(500);
  private final IntegerProperty requestTimeout = new SimpleIntegerProperty(500);
  private final List<IntegerProperty> weights = new ArrayList<>();
  private final IntegerProperty readQuorum = new SimpleIntegerProperty(2);
  private final IntegerProperty writeQuorum = new SimpleIntegerProperty(2);
  private final BooleanProperty unsafeQuorums = new SimpleBooleanProperty();
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final StringBinding votes;
  private String ip = "127.0.0.1";

  /**
   * The loaded config's settings: where its nodes live, its token; kept when the panel writes a new
   * file.
   */
  private ClusterSettings placed = ClusterSettings.defaults();

  private int basePort = placed.basePort();

  /** Files go to dir; load opens a written file in the lab (as the config picker would). */
  SettingsViewModel(FxInbox inbox, Executor background, Path dir, Consumer<Path> load) {
    this.inbox = inbox;
    this.background = background;
    this.dir = dir;
    this.load = load;
    List<ObservableValue<?>> deps = new ArrayList<>(List.of(nodeCount));
    for (int i = 0; i < ClusterSettings.MAX_NODES; i++) {
      IntegerProperty w = new SimpleIntegerProperty(1);
      weights.add(w);
      deps.add(w);
    }
    votes =
        Bindings.createStringBinding(
            () -> {
              int total = current().totalWeight();
              return total + " votes in all; a majority is " + (total / 2 + 1);
            },
            deps.toArray(ObservableValue[]::new));
  }

  ObjectProperty<Mode> modeProperty() {
    return mode;
  }

  /** 3 to 7 nodes, master included. */
  IntegerProperty nodeCountProperty() {
    return nodeCount;
  }

  ObjectProperty<SlaveFailurePolicy> policyProperty() {
    return policy;
  }

  IntegerProperty prepareTimeoutProperty() {
    return prepareTimeout;
  }

  IntegerProperty commitTimeoutProperty() {
    return commitTimeout;
  }

  IntegerProperty requestTimeoutProperty() {
    return requestTimeout;
  }

  /** The weight of each node, by position; only the first nodeCount count. */
  List<IntegerProperty> weights() {
    return Collections.unmodifiableList(weights);
  }

  IntegerProperty readQuorumProperty() {
    return readQuorum;
  }

  IntegerProperty writeQuorumProperty() {
    return writeQuorum;
  }

  BooleanProperty unsafeQuorumsProperty() {
    return unsafeQuorums;
  }

  /** "4 votes in all; a majority is 3". */
  StringBinding votesText() {
    return votes;
  }

  /** The config loader's message when the settings are not a valid cluster; empty otherwise. */
  ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  /** Where the last settings were written, or a hint. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The settings as they stand. */
  ClusterSettings current() {
    return new ClusterSettings(
        mode.get(),
        nodeCount.get(),
        policy.get(),
        prepareTimeout.get(),
        commitTimeout.get(),
        requestTimeout.get(),
        weights.stream().map(IntegerProperty::get).toList(),
        readQuorum.get(),
        writeQuorum.get(),
        unsafeQuorums.get(),
        ip,
        basePort,
        placed.ips(),
        placed.ports(),
        placed.adminToken(),
        placed.supervisorPortOffset(),
        placed.commitProtocol());
  }

  // Commands

  /** Shows the settings of a config that was loaded. */
  void fill(ClusterConfig c) {
    ClusterSettings s = ClusterSettings.of(c);
    placed = s;
    ip = s.ip();
    basePort = s.basePort();
    mode.set(s.mode());
    nodeCount.set(s.nodeCount());
    policy.set(s.policy());
    prepareTimeout.set(s.prepareTimeoutMs());
    commitTimeout.set(s.commitTimeoutMs());
    requestTimeout.set(s.requestTimeoutMs());
    for (int i = 0; i < weights.size(); i++) {
      weights.get(i).set(s.weights().get(i));
    }
    readQuorum.set(s.readQuorum());
    writeQuorum.set(s.writeQuorum());
    unsafeQuorums.set(s.unsafeQuorums());
    error.set("");
  }

  /**
   * Validates the settings, writes them to the lab's settings file and loads it: Start then runs
   * it.
   */
  void apply() {
    ClusterSettings s = current();
    Path file = dir.resolve(s.fileName()).toAbsolutePath();
    status.set("Checking…");
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> write(file, s.toYaml()), background),
        (written, failure) -> {
          if (failure != null) {
            error.set(failure.getMessage());
            status.set("Not applied: fix the settings.");
            return;
          }
          error.set("");
          status.set("Applied: " + written + " · press Start to run it.");
          load.accept(written);
        });
  }

  /** Writes the settings to a file the user chose (they must be valid). */
  void saveAs(Path file) {
    ClusterSettings s = current();
    inbox.deliver(
        CompletableFuture.supplyAsync(() -> write(file, s.toYaml()), background),
        (written, failure) -> {
          if (failure != null) {
            error.set(failure.getMessage());
          } else {
            error.set("");
            status.set("Saved as " + written);
          }
        });
  }

  /** Checks the text with the loader, then writes it; fails with the loader's message. */
  private static Path write(Path file, String yaml) {
    try {
      ConfigLoader.parse(file, yaml);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
