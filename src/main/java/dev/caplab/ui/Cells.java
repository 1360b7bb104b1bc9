package dev.caplab.ui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/**
 * Table columns of text whose cells show their whole text on hover, since a narrow column ends it
 * in "…".
 */
final class Cells {

  private Cells() {}

  static <T> TableColumn<T, String> column(String title, double width, Function<T, String> text) {
    return column(title, width, text, s -> s);
  }

  /**
   * {@code tip} turns a cell's text into its tooltip (e.g. the text with an explanation); empty
   * means none.
   */
  static <T> TableColumn<T, String> column(
      String title, double width, Function<T, String> text, Function<String, String> tip) {
    TableColumn<T, String> column = new TableColumn<>(title);
    column.setPrefWidth(width);
    column.setSortable(false);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(text.apply(c.getValue())));
    column.setCellFactory(c -> new TipCell<>(tip));
    return column;
  }

  /** A text cell with one tooltip it reuses as the cell is reused. */
  static class TipCell<T> extends TableCell<T, String> {

    private final Function<String, String> tip;
    private Tooltip tooltip;

    TipCell(Function<String, String> tip) {
      this.tip = tip;
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty ? null : item);
      String hint = empty || item == null || item.isEmpty() ? "" : tip.apply(item);
      if (hint.isEmpty()) {
        setTooltip(null);
        return;
      }
      if (tooltip == null) {
        tooltip = new Tooltip();
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(480);
        tooltip.setShowDelay(Duration.millis(300));
      }
      tooltip.setText(hint);
      setTooltip(tooltip);
    }
  }
}
