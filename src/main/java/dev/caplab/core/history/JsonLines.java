package dev.caplab.core.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reading a JSON Lines file (a history, a trace) one parsed line at a time. Stateless. */
public final class JsonLines {

  private JsonLines() {}

  /** A line the parser rejected: its number (from 1) and the parser's message. */
  public static final class BadLine extends Exception {
    private final int number;

    BadLine(int number, String message) {
      super(message);
      this.number = number;
    }

    public int number() {
      return number;
    }
  }

  /**
   * Parses every line of file but blank ones. Strict UTF-8: a mangled file throws {@link
   * java.nio.charset.CharacterCodingException} rather than turn into question marks; a line parse
   * rejects with IllegalArgumentException throws {@link BadLine}.
   */
  public static <T> List<T> read(Path file, Function<String, T> parse) throws IOException, BadLine {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<T> items = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          items.add(parse.apply(line));
        } catch (IllegalArgumentException e) {
          throw new BadLine(number, e.getMessage());
        }
      }
    }
    return items;
  }
}
