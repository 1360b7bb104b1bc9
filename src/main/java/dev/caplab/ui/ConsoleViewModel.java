package dev.caplab.ui;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The put/get console: inputs, the latest result and the session's history. All methods run on the
 * FX thread.
 */
final class ConsoleViewModel {

  static final int HISTORY = 200;

  private final FxInbox inbox;
  private final Supplier<Optional<ClusterGateway>> gateway;
  private final OpLog log;
  private final ReadOnlyObjectWrapper<Set<String>> involved = new ReadOnlyObjectWrapper<>(Set.of());
  private final StringProperty key = new SimpleStringProperty("");
  private final StringProperty value = new SimpleStringProperty("");
  private final ObjectProperty<String> target = new SimpleObjectProperty<>();
  private final ObservableList<String> targets = FXCollections.observableArrayList();
  private final ObservableList<String> readOnlyTargets =
      FXCollections.unmodifiableObservableList(targets);
  private final ReadOnlyObjectWrapper<OpRecord> last = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
  private final ObservableList<OpRecord> history = FXCollections.observableArrayList();
  private final ObservableList<OpRecord> readOnlyHistory =
      FXCollections.unmodifiableObservableList(history);
  private int inFlight;
  private LessonRecorder recorder;

  ConsoleViewModel(FxInbox inbox, Supplier<Optional<ClusterGateway>> gateway, OpLog log) {
    this.inbox = inbox;
    this.gateway = gateway;
    this.log = log;
  }

  /**
   * History refs ("process@micros") of the operations a verdict is about, to highlight; empty for
   * none.
   */
  ReadOnlyObjectProperty<Set<String>> involvedProperty() {
    return involved.getReadOnlyProperty();
  }

  StringProperty keyProperty() {
    return key;
  }

  StringProperty valueProperty() {
    return value;
  }

  /** The node the next operation goes to. */
  ObjectProperty<String> targetProperty() {
    return target;
  }

  ObservableList<String> targets() {
    return readOnlyTargets;
  }

  /** The latest completed operation, null before the first. */
  ReadOnlyObjectProperty<OpRecord> lastProperty() {
    return last.getReadOnlyProperty();
  }

  /** A hint or refusal that is not an operation result ("enter a key"...). */
  ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** Whether a cluster serves requests: put and get are offered only then. */
  ReadOnlyBooleanProperty availableProperty() {
    return available.getReadOnlyProperty();
  }

  /** The session's operations, newest first. */
  ObservableList<OpRecord> history() {
    return readOnlyHistory;
  }

  /** Hands every operation sent, and its answer, to a lesson recording too. */
  void recordTo(LessonRecorder lessonRecorder) {
    recorder = lessonRecorder;
  }

  // Commands

  void setAvailable(boolean value) {
    available.set(value);
  }

  void highlight(Set<String> refs) {
    involved.set(Set.copyOf(refs));
  }

  /**
   * Another cluster: its nodes, and none of the last one's results (they name nodes it no longer
   * has).
   */
  void reset(List<String> nodeIds, String defaultTarget) {
    targets.setAll(nodeIds);
    target.set(defaultTarget);
    message.set("");
    last.set(null);
    history.clear();
  }

  void put() {
    String k = key.get() == null ? "" : key.get().trim();
    String v = value.get() == null ? "" : value.get();
    run("put", k, v, g -> g.put(target.get(), k, v));
  }

  void get() {
    String k = key.get() == null ? "" : key.get().trim();
    run("get", k, "", g -> g.get(target.get(), k));
  }

  private void run(
      String op, String k, String v, Function<ClusterGateway, CompletableFuture<OpResult>> call) {
    Optional<ClusterGateway> g = gateway.get();
    if (g.isEmpty()) {
      message.set("Start the cluster first.");
      return;
    }
    if (k.isEmpty()) {
      message.set("Enter a key.");
      return;
    }
    if (target.get() == null) {
      message.set("Choose a target node.");
      return;
    }
    message.set("");
    String node = target.get();
    inFlight++;
    busy.set(true);
    // Overlapping operations are different clients of the history: each client waits for its
    // answer.
    OpLog.Pending sent = log.invoke(log.claimProcess("console"), node, op, k, v);
    String recorded = recorder == null ? "" : recorder.operation(op, node, k, v);
    OpRecord pending = OpRecord.pending(op, k, v, node, sent.ref());
    add(pending);
    CompletableFuture<OpResult> answered =
        call.apply(g.get())
            .handle(
                (result, error) ->
                    error == null
                        ? result
                        : OpResult.failed(node, "ERROR", String.valueOf(error.getMessage()), 0));
    // Completed where the answer arrives, so the history's time is not the FX thread's.
    answered.thenAccept(r -> log.complete(sent, r));
    inbox.deliver(
        answered,
        (r, error) -> {
          inFlight--;
          busy.set(inFlight > 0);
          if (recorder != null) {
            recorder.answered(recorded, r);
          }
          OpRecord record = new OpRecord(op, k, v, r, sent.ref());
          last.set(record);
          int at = indexOf(pending);
          if (at >= 0) {
            history.set(at, record);
          } else {
            add(record);
          }
        });
  }

  private void add(OpRecord record) {
    history.add(0, record);
    if (history.size() > HISTORY) {
      history.remove(HISTORY, history.size());
    }
  }

  private int indexOf(OpRecord record) {
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i) == record) {
        return i;
      }
    }
    return -1;
  }
}
