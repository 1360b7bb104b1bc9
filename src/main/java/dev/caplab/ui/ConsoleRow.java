package dev.caplab.ui;

import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.css.PseudoClass;
import javafx.scene.control.TableRow;

/**
 * A console history row: marked while its operation is pending, and when the verdict is about it.
 */
final class ConsoleRow extends TableRow<OpRecord> {

  private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
  private static final PseudoClass INVOLVED = PseudoClass.getPseudoClass("involved");

  private final ConsoleViewModel console;
  private final InvalidationListener restyle = o -> restyle();

  ConsoleRow(ConsoleViewModel console) {
    this.console = console;
    console.involvedProperty().addListener(new WeakInvalidationListener(restyle));
  }

  @Override
  protected void updateItem(OpRecord item, boolean empty) {
    super.updateItem(item, empty);
    restyle();
  }

  private void restyle() {
    OpRecord r = isEmpty() ? null : getItem();
    pseudoClassStateChanged(PENDING, r != null && r.pending());
    pseudoClassStateChanged(
        INVOLVED,
        r != null && !r.ref().isEmpty() && console.involvedProperty().get().contains(r.ref()));
  }
}
