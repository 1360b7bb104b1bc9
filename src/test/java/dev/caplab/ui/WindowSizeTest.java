package dev.caplab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lab opens no larger than the screen it is on (a classroom projector is often 1024x768). */
class WindowSizeTest {

  @ParameterizedTest
  @CsvSource({
    "2560, 1400, 1280, 800", // room to spare: the size the layout is drawn for
    "1024, 738, 1024, 738", // a 1024x768 projector less a task bar: the whole screen
    "1280, 770, 1280, 770",
    "800, 560, 1024, 660" // smaller than the layout allows: its minimum, as before
  })
  void opensAtMost1280x800AndNoLargerThanTheScreen(
      double screenWidth, double screenHeight, double width, double height) {
    Dimension2D size = LabApp.windowSize(new Rectangle2D(0, 0, screenWidth, screenHeight));

    assertThat(size).isEqualTo(new Dimension2D(width, height));
  }
}
