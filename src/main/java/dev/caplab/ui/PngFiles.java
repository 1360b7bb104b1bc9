package dev.caplab.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes pixels taken from a snapshot as a PNG file, off the FX thread (no javafx.swing needed).
 * Stateless.
 */
final class PngFiles {

  private PngFiles() {}

  /** argb: width × height pixels, row by row. */
  static void write(Path file, int width, int height, int[] argb) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, width, height, argb, 0, width);
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer in this Java runtime");
    }
  }
}
