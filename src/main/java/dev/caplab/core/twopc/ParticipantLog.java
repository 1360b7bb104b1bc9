package dev.caplab.core.twopc;

import dev.caplab.core.storage.RecordLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A slave's transaction log: PREPARED (seq, key, value), written and fsync'd before the vote, and
 * ABORTED. A commit needs no record here: applying it writes version seq@master to the store, and
 * on restart a PREPARED whose key holds that version or a newer one is known to be resolved.
 * REFUSED (seq) is written, and fsync'd, before a slave tells a restarted master that it never
 * prepared a staged transaction: from then on it votes no to that prepare, should it still arrive.
 * Thread-safe: appends and compaction run under one monitor, so a rewrite covers every record
 * appended before it.
 */
final class ParticipantLog implements AutoCloseable {

  static final String FILE = "twopc-participant.log";
  private static final byte PREPARED = 1;
  private static final byte ABORTED = 2;
  private static final byte REFUSED = 3;

  record Prepared(long seq, String key, String value) {}

  private final RecordLog log;
  private final TreeMap<Long, Prepared> live;
  private final List<Prepared> replayed;
  private final TreeSet<Long> refused;

  private ParticipantLog(RecordLog log, TreeMap<Long, Prepared> live, TreeSet<Long> refused) {
    this.log = log;
    this.live = live;
    this.refused = refused;
    this.replayed = List.copyOf(live.values());
  }

  static ParticipantLog open(Path dir) throws IOException {
    TreeMap<Long, Prepared> replayed = new TreeMap<>();
    TreeSet<Long> refused = new TreeSet<>();
    RecordLog log = RecordLog.open(dir.resolve(FILE), record -> replay(record, replayed, refused));
    return new ParticipantLog(log, replayed, refused);
  }

  /** Transactions this slave promised never to prepare (from the log and since). */
  synchronized boolean isRefused(long seq) {
    return refused.contains(seq);
  }

  /** Completes when the refusal is durable. */
  synchronized CompletableFuture<Void> refused(long seq) {
    refused.add(seq);
    return log.append(new LogCodec.Writer(REFUSED).longValue(seq).bytes());
  }

  /** Transactions the log held unresolved when it was opened. */
  List<Prepared> replayed() {
    return replayed;
  }

  /** Completes when the PREPARED record is durable. */
  synchronized CompletableFuture<Void> prepared(long seq, String key, String value) {
    if (LogCompaction.due(log)) {
      compact();
    }
    live.put(seq, new Prepared(seq, key, value));
    return log.append(
        new LogCodec.Writer(PREPARED).longValue(seq).string(key).string(value).bytes());
  }

  /** The commit is in the store: forget it (compaction drops its record). */
  synchronized void committed(long seq) {
    live.remove(seq);
  }

  /** Written (not waited for) so that a restart does not take the transaction for undecided. */
  synchronized void aborted(long seq) {
    if (live.remove(seq) != null) {
      log.append(new LogCodec.Writer(ABORTED).longValue(seq).bytes());
    }
  }

  /** Rewrites the log as the PREPARED records still unresolved. */
  synchronized void compact() {
    List<byte[]> records = new ArrayList<>();
    for (Prepared p : live.values()) {
      records.add(
          new LogCodec.Writer(PREPARED).longValue(p.seq).string(p.key).string(p.value).bytes());
    }
    for (long seq : refused) {
      records.add(new LogCodec.Writer(REFUSED).longValue(seq).bytes());
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

  private static void replay(byte[] bytes, TreeMap<Long, Prepared> into, TreeSet<Long> refused) {
    LogCodec.Reader in = new LogCodec.Reader(bytes);
    byte type = in.type();
    long seq = in.longValue();
    switch (type) {
      case PREPARED -> into.put(seq, new Prepared(seq, in.string(), in.string()));
      case ABORTED -> into.remove(seq);
      case REFUSED -> refused.add(seq);
      default ->
          throw new UncheckedIOException(new IOException("unknown participant log record " + type));
    }
  }
}
