package dev.caplab.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The lesson files shipped in assets/lessons/. */
final class ShippedLessons {

  static final Path DIR = Path.of("assets/lessons");

  private ShippedLessons() {}

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
