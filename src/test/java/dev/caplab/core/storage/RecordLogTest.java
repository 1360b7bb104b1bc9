package dev.caplab.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordLogTest {

  @TempDir Path dir;

  @Test
  void tornTailIsTruncatedAndLaterAppendsSurvive() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "first", "second", "third");
    truncateBy(file, 3); // crash in the middle of writing "third"

    List<String> replayed = new ArrayList<>();
    try (RecordLog log = RecordLog.open(file, r -> replayed.add(text(r)))) {
      assertThat(replayed).containsExactly("first", "second");
      assertThat(log.truncatedBytes()).isEqualTo(frameBytes("third") - 3);
      assertThat(Files.size(file)).isEqualTo(frameBytes("first") + frameBytes("second"));
      log.append(bytes("fourth")).join();
    }
    assertThat(replay(file)).containsExactly("first", "second", "fourth");
  }

  @Test
  void unforcedAppendsAreWrittenWithoutAnFsyncAndForcedByTheNextForcedOne() throws IOException {
    Path file = dir.resolve("log");
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      log.appendUnforced(bytes("first")).join();
      log.appendUnforced(bytes("second")).join();
      assertThat(log.fsyncCount()).isZero();
      // In the file, where a crash of this process cannot take them.
      assertThat(Files.size(file)).isEqualTo(frameBytes("first") + frameBytes("second"));

      log.append(bytes("third")).join();
      assertThat(log.fsyncCount()).isEqualTo(1);
      log.sync().join();
      assertThat(log.fsyncCount()).isEqualTo(2);
      assertThat(log.sizeBytes()).isEqualTo(Files.size(file)); // a sync writes nothing
    }
    assertThat(replay(file)).containsExactly("first", "second", "third");
  }

  @Test
  void unforcedAppendWaitsBehindABatchTheWriterHolds() throws Exception {
    Path file = dir.resolve("log");
    java.util.concurrent.CountDownLatch inForce = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      log.forceHook(
          () -> {
            inForce.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          });
      CompletableFuture<Void> first = log.append(bytes("first"));
      inForce.await();
      CompletableFuture<Void> second = log.appendUnforced(bytes("second"));
      assertThat(second).isNotDone(); // not written past the batch in its fsync: it queued
      release.countDown();
      first.join();
      second.join();
    }
    assertThat(replay(file)).containsExactly("first", "second");
  }

  @Test
  void closeForcesUnforcedAppends() throws IOException {
    Path file = dir.resolve("log");
    RecordLog log = RecordLog.open(file, r -> {});
    log.appendUnforced(bytes("only"));
    log.close();
    assertThat(log.fsyncCount()).isEqualTo(1);
    assertThat(replay(file)).containsExactly("only");
  }

  @Test
  void tornHeaderIsTruncated() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "first", "second");
    truncateBy(file, frameBytes("second") - 5); // only 5 bytes of the header made it

    assertThat(replay(file)).containsExactly("first");
    assertThat(Files.size(file)).isEqualTo(frameBytes("first"));
  }

  @Test
  void checksumMismatchDropsThatRecordAndEverythingAfter() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "first", "second", "third");
    flipByte(
        file, frameBytes("first") + RecordLog.HEADER_BYTES + 2); // inside the payload of "second"

    List<String> replayed = new ArrayList<>();
    try (RecordLog log = RecordLog.open(file, r -> replayed.add(text(r)))) {
      assertThat(replayed).containsExactly("first");
      assertThat(log.truncatedBytes()).isEqualTo(frameBytes("second") + frameBytes("third"));
      assertThat(log.sizeBytes()).isEqualTo(frameBytes("first"));
    }
  }

  @Test
  void corruptLengthDropsTheTail() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "first", "second");
    flipByte(file, frameBytes("first")); // high byte of "second"'s length

    assertThat(replay(file)).containsExactly("first");
  }

  @Test
  void emptyRecordsRoundTrip() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "", "x", "");
    assertThat(replay(file)).containsExactly("", "x", "");
  }

  @Test
  void closeCompletesPendingAppends() throws IOException {
    RecordLog log = RecordLog.open(dir.resolve("log"), r -> {});
    List<CompletableFuture<Void>> futures =
        IntStream.range(0, 200).mapToObj(i -> log.append(bytes("r" + i))).toList();
    log.close();

    assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(replay(dir.resolve("log"))).hasSize(200);
  }

  @Test
  void appendAfterCloseFailsWithIOException() throws IOException {
    RecordLog log = RecordLog.open(dir.resolve("log"), r -> {});
    log.close();

    assertThatThrownBy(() -> log.append(bytes("late")).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void failedFsyncFailsTheBatchAndEveryLaterAppend() throws IOException {
    try (RecordLog log = RecordLog.open(dir.resolve("log"), r -> {})) {
      log.append(bytes("ok")).join();
      log.forceHook(
          () -> {
            throw new IOException("injected: disk full");
          });

      assertThatThrownBy(() -> log.append(bytes("lost")).join())
          .hasCauseInstanceOf(IOException.class)
          .hasRootCauseMessage("injected: disk full");
      log.forceHook(() -> {});
      assertThatThrownBy(() -> log.append(bytes("after")).join())
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void rewriteReplacesTheLogAndAppendsContinueAfterIt() throws IOException {
    Path file = dir.resolve("log");
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      for (int i = 0; i < 10; i++) {
        log.append(bytes("old" + i)).join();
      }
      log.rewrite(List.of(bytes("kept")));
      assertThat(log.sizeBytes()).isEqualTo(frameBytes("kept")).isEqualTo(Files.size(file));
      log.append(bytes("new")).join();
    }
    assertThat(replay(file)).containsExactly("kept", "new");
    assertThat(dir.resolve("log.rewrite")).doesNotExist();
  }

  @Test
  void leftoverFromACrashedRewriteIsIgnored() throws IOException {
    Path file = dir.resolve("log");
    writeRecords(file, "first");
    Files.write(
        dir.resolve("log.rewrite"), new byte[] {0, 0, 0, 9, 1, 2}); // crash before the rename

    assertThat(replay(file)).containsExactly("first");
    assertThat(dir.resolve("log.rewrite")).doesNotExist();
  }

  private static void writeRecords(Path file, String... records) throws IOException {
    try (RecordLog log = RecordLog.open(file, r -> {})) {
      for (String record : records) {
        log.append(bytes(record)).join();
      }
    }
  }

  private static List<String> replay(Path file) throws IOException {
    List<String> replayed = new ArrayList<>();
    RecordLog.open(file, r -> replayed.add(text(r))).close();
    return replayed;
  }

  private static void truncateBy(Path file, long bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - bytes);
    }
  }

  private static void flipByte(Path file, long offset) throws IOException {
    byte[] content = Files.readAllBytes(file);
    content[(int) offset] ^= (byte) 0x5A;
    Files.write(file, content);
  }

  private static long frameBytes(String record) {
    return RecordLog.HEADER_BYTES + bytes(record).length;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
