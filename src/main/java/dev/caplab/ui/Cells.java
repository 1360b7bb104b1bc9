package dev.caplab.ui;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.util.Duration;

/**
 * Table columns of text whose cells show their whole text on hover, since a narrow column ends it
 * in "…".
 */
final class Cells {

  /** A header cell's left and right padding, and room for a sort arrow. */
  private static final double HEADER_PADDING = 24;

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
    // A squeezed table shrinks its columns, but never below their titles: "La…" explains nothing.
    column.setMinWidth(titleWidth(title));
    column.setPrefWidth(Math.max(width, column.getMinWidth()));
    column.setSortable(false);
    column.setCellValueFactory(c -> new ReadOnlyStringWrapper(text.apply(c.getValue())));
    column.setCellFactory(c -> new TipCell<>(tip));
    return column;
  }

  /** The header's text in its (bold, 14 px) font, with the header cell's padding. */
  private static double titleWidth(String title) {
    Text text = new Text(title);
    text.setFont(Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, 14));
    return Math.ceil(text.getLayoutBounds().getWidth()) + HEADER_PADDING;
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
