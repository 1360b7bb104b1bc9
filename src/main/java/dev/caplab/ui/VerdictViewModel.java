package dev.caplab.ui;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The live consistency verdict over every operation the GUI issued since Start: "linearizable ·
 * 1,204 ops", or the first violation in plain words, with the operations it is about. All methods
 * run on the FX thread; verdicts are computed elsewhere ({@link HistoryJudge}) and arrive through
 * the inbox.
 */
final class VerdictViewModel {

  enum State {
    IDLE,
    OK,
    VIOLATED
  }

  /**
   * A verdict as the badge needs it: refs name the violation's operations as {@link
   * OpLog.Entry#ref()} does, lines describe them (who, what, when, outcome).
   */
  record Judged(int operations, String explanation, Set<String> refs, List<String> lines) {
    Judged {
      refs = Set.copyOf(refs);
      lines = List.copyOf(lines);
    }

    boolean linearizable() {
      return explanation.isEmpty();
    }
  }

  private final ConsoleViewModel console;
  private final Consumer<Set<String>> highlightElsewhere;
  private final Consumer<String> message;
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("no operations yet");
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Judged> last = new ReadOnlyObjectWrapper<>();

  VerdictViewModel(
      ConsoleViewModel console,
      Consumer<Set<String>> highlightElsewhere,
      Consumer<String> message) {
    this.console = console;
    this.highlightElsewhere = highlightElsewhere;
    this.message = message;
  }

  ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** What the badge reads. */
  ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  /** The verdict with the operations it is about, one per line. */
  ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<Judged> lastProperty() {
    return last.getReadOnlyProperty();
  }

  // Commands

  /** A verdict from the judge; the same one again (the judge repeats itself) changes nothing. */
  void show(Judged judged) {
    if (judged.equals(last.get())) {
      return;
    }
    last.set(judged);
    if (judged.linearizable()) {
      state.set(judged.operations() == 0 ? State.IDLE : State.OK);
      text.set(
          judged.operations() == 0
              ? "no operations yet"
              : String.format(Locale.ROOT, "linearizable · %,d ops", judged.operations()));
    } else {
      state.set(State.VIOLATED);
      text.set(judged.explanation());
    }
    detail.set(
        judged.lines().isEmpty()
            ? text.get()
            : text.get() + "\n\nThe operations:\n" + String.join("\n", judged.lines()));
  }

  /** A new history (Start): nothing judged yet, nothing highlighted. */
  void reset() {
    show(new Judged(0, "", Set.of(), List.of()));
    console.highlight(Set.of());
    highlightElsewhere.accept(Set.of());
  }

  /**
   * Highlights the operations of the violation in the console (and wherever else they are drawn).
   */
  void showInvolved() {
    Judged j = last.get();
    if (j == null || j.linearizable()) {
      message.accept(
          j == null || j.operations() == 0
              ? "No operations judged yet: put and get, or turn the load on."
              : String.format(
                  Locale.ROOT,
                  "Every one of the %,d operations so far fits one order in real time:"
                      + " the history is linearizable.",
                  j.operations()));
      return;
    }
    console.highlight(j.refs());
    highlightElsewhere.accept(j.refs());
    long shown = console.history().stream().filter(r -> j.refs().contains(r.ref())).count();
    String where =
        shown == j.refs().size()
            ? "highlighted in the console"
            : shown > 0
                ? shown
                    + " of them highlighted in the console, the others came from the load: hover the badge"
                : "the operations came from the load: hover the badge for them";
    message.accept("Not linearizable: " + j.explanation() + " (" + where + ").");
  }
}
