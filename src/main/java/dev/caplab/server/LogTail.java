package dev.caplab.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the last lines of a growing log file from its end, so a large log costs one small read. */
final class LogTail {

  private static final int CHUNK = 8192;
  private static final int MAX_BYTES = 1 << 20;

  private LogTail() {}

  /** The last n lines of file (fewer when it is shorter); empty when it does not exist. */
  static List<String> read(Path file, int n) throws IOException {
    if (n <= 0 || !Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long end = in.length();
      long start = end;
      byte[] tail = new byte[0];
      int newlines = 0;
      // One extra newline: the file's last line usually ends with one.
      while (start > 0 && newlines <= n && tail.length < MAX_BYTES) {
        int size = (int) Math.min(CHUNK, start);
        start -= size;
        byte[] chunk = new byte[size];
        in.seek(start);
        in.readFully(chunk);
        for (byte b : chunk) {
          if (b == '\n') {
            newlines++;
          }
        }
        byte[] joined = Arrays.copyOf(chunk, size + tail.length);
        System.arraycopy(tail, 0, joined, size, tail.length);
        tail = joined;
      }
      List<String> lines =
          new ArrayList<>(
              Arrays.asList(new String(tail, StandardCharsets.UTF_8).split("\r?\n", -1)));
      if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
        lines.remove(lines.size() - 1);
      }
      if (start > 0 && !lines.isEmpty()) {
        lines.remove(0); // probably cut in the middle
      }
      return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }
  }
}
