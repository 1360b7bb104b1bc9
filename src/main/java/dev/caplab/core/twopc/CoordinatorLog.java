package dev.caplab.core.twopc;

import dev.caplab.core.storage.RecordLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The master's transaction log: PREPARE (seq, key, participants) before the decision, ABORT, and
 * END once the participants were told. COMMIT is not here: the master's durable store write of
 * version seq@master is the commit record. Thread-safe: appends and compaction run under one
 * monitor, so a rewrite covers every record appended before it.
 *
 * <p>With parallel commits the PREPARE record is a STAGE record: it also carries the value, and a
 * STAGE without COMMIT in the store is not presumed aborted after a crash: the transaction is
 * committed if every participant prepared it (the client may have been told so), which recovery
 * asks them.
 *
 * <p>Nothing waits for END: ends are collected and written, unforced, as one record per {@link
 * #flushEnds() flush}, so they cost no fsync. A lost END only means that recovery tells the
 * participants once more.
 */
final class CoordinatorLog implements AutoCloseable {

  static final String FILE = "twopc-coordinator.log";
  private static final byte PREPARE = 1;
  private static final byte ABORT = 2;
  private static final byte END = 3;
  private static final byte STAGE = 4;

  /** A transaction whose participants may not know the outcome yet. */
  record Unfinished(
      long seq, String key, List<String> participants, boolean aborted, String stagedValue) {

    Unfinished(long seq, String key, List<String> participants, boolean aborted) {
      this(seq, key, participants, aborted, null);
    }

    /** Logged as STAGE (parallel commits): committed once every participant prepared it. */
    boolean staged() {
      return stagedValue != null;
    }

    Unfinished asAborted() {
      return new Unfinished(seq, key, participants, true, stagedValue);
    }

    byte[] record() {
      LogCodec.Writer w =
          new LogCodec.Writer(staged() ? STAGE : PREPARE)
              .longValue(seq)
              .string(key)
              .string(String.join(",", participants));
      return staged() ? w.string(stagedValue).bytes() : w.bytes();
    }
  }

  private final RecordLog log;
  private final TreeMap<Long, Unfinished> unfinished;
  private final List<Long> ended = new ArrayList<>();

  private CoordinatorLog(RecordLog log, TreeMap<Long, Unfinished> unfinished) {
    this.log = log;
    this.unfinished = unfinished;
  }

  static CoordinatorLog open(Path dir) throws IOException {
    TreeMap<Long, Unfinished> replayed = new TreeMap<>();
    RecordLog log = RecordLog.open(dir.resolve(FILE), record -> replay(record, replayed));
    return new CoordinatorLog(log, replayed);
  }

  /**
   * Completes when the PREPARE record is written, not fsync'd: presumed abort needs no forced
   * record before the decision. Lost in a machine crash, the transaction is simply unknown after
   * the restart: not committed unless its COMMIT (the store write, always fsync'd) is on disk, and
   * its participants, never told, ask and hear the same from the store. Sequence numbers cannot be
   * reused meanwhile: they are reserved in durable blocks ({@link TxRegistry}).
   */
  synchronized CompletableFuture<Void> prepare(long seq, String key, List<String> participants) {
    Unfinished u = new Unfinished(seq, key, List.copyOf(participants), false);
    unfinished.put(seq, u);
    return log.appendUnforced(u.record());
  }

  /** Completes when the STAGE record (parallel commits) is durable. */
  synchronized CompletableFuture<Void> stage(
      long seq, String key, String value, List<String> participants) {
    Unfinished u = new Unfinished(seq, key, List.copyOf(participants), false, value);
    unfinished.put(seq, u);
    return log.append(u.record());
  }

  /**
   * Presumed abort: nobody waits for this record; without it a restart aborts the transaction
   * anyway.
   */
  synchronized void abort(long seq) {
    unfinished.computeIfPresent(seq, (s, u) -> u.asAborted());
    log.append(new LogCodec.Writer(ABORT).longValue(seq).bytes());
  }

  /** Every participant was told (or will ask): recovery need not resend this decision. */
  synchronized void end(long seq) {
    if (unfinished.remove(seq) != null) {
      ended.add(seq);
    }
  }

  /** Writes the ends collected since the last flush as one record (not waited for). */
  synchronized void flushEnds() {
    if (ended.isEmpty()) {
      return;
    }
    LogCodec.Writer record = new LogCodec.Writer(END).longValue(ended.size());
    ended.forEach(record::longValue);
    ended.clear();
    log.appendUnforced(record.bytes());
    if (LogCompaction.due(log)) {
      compact();
    }
  }

  synchronized List<Unfinished> unfinished() {
    return new ArrayList<>(unfinished.values());
  }

  /** Rewrites the log as the PREPARE (and ABORT) records of the unfinished transactions. */
  synchronized void compact() {
    ended.clear(); // their PREPAREs are not rewritten
    List<byte[]> records = new ArrayList<>();
    for (Unfinished u : unfinished.values()) {
      records.add(u.record());
      if (u.aborted) {
        records.add(new LogCodec.Writer(ABORT).longValue(u.seq).bytes());
      }
    }
    LogCompaction.rewrite(log, FILE, records);
  }

  long sizeBytes() {
    return log.sizeBytes();
  }

  @Override
  public void close() {
    try {
      log.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void replay(byte[] bytes, TreeMap<Long, Unfinished> into) {
    LogCodec.Reader in = new LogCodec.Reader(bytes);
    byte type = in.type();
    long seq = in.longValue(); // END: the number of ends that follow
    switch (type) {
      case PREPARE, STAGE -> {
        String key = in.string();
        String list = in.string();
        List<String> participants = list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
        String value = type == STAGE ? in.string() : null;
        into.putIfAbsent(seq, new Unfinished(seq, key, List.copyOf(participants), false, value));
      }
      case ABORT -> into.computeIfPresent(seq, (s, u) -> u.asAborted());
      case END -> {
        for (long i = 0; i < seq; i++) {
          into.remove(in.longValue());
        }
      }
      default ->
          throw new UncheckedIOException(new IOException("unknown coordinator log record " + type));
    }
  }
}
