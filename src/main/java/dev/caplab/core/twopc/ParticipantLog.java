package dev.caplab.core.twopc;

import dev.caplab.core.storage.RecordLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A slave's transaction log: PREPARED (seq, key, value) written and fsync'd before the vote, RESOLVED once
 * the outcome is applied (not forced: after a crash the store or the master tells again). Thread-safe:
 * appends and compaction run under one monitor.
 */
final class ParticipantLog implements AutoCloseable {

  static final String FILE = "twopc-participant.log";
  private static final byte PREPARED = 1;
  private static final byte RESOLVED = 2;
  private static final long COMPACT_BYTES = 8L << 20;

  record Prepared(long seq, String key, String value) {
  }

  private final RecordLog log;
  private final TreeMap<Long, Prepared> live;
  private final List<Prepared> replayed;

  private ParticipantLog(RecordLog log, TreeMap<Long, Prepared> live) {
    this.log = log;
    this.live = live;
    this.replayed = List.copyOf(live.values());
  }

  static ParticipantLog open(Path dir) throws IOException {
    TreeMap<Long, Prepared> replayed = new TreeMap<>();
    RecordLog log = RecordLog.open(dir.resolve(FILE), record -> replay(record, replayed));
    return new ParticipantLog(log, replayed);
  }

  /** Transactions the log held unresolved when it was opened. */
  List<Prepared> replayed() {
    return replayed;
  }

  /** Completes when the PREPARED record is durable. */
  synchronized CompletableFuture<Void> prepared(long seq, String key, String value) {
    live.put(seq, new Prepared(seq, key, value));
    return log.append(new LogCodec.Writer(PREPARED).longValue(seq).string(key).string(value).bytes());
  }

  synchronized void resolved(long seq) {
    live.remove(seq);
    log.append(new LogCodec.Writer(RESOLVED).longValue(seq).bytes());
    if (log.sizeBytes() > COMPACT_BYTES) {
      List<byte[]> records = new ArrayList<>();
      for (Prepared p : live.values()) {
        records.add(new LogCodec.Writer(PREPARED).longValue(p.seq).string(p.key).string(p.value).bytes());
      }
      try {
        log.rewrite(records);
      } catch (IOException e) {
        System.getLogger(ParticipantLog.class.getName()).log(System.Logger.Level.WARNING,
            "Compaction of " + FILE + " failed; the log keeps growing until the next try", e);
      }
    }
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

  private static void replay(byte[] bytes, TreeMap<Long, Prepared> into) {
    LogCodec.Reader in = new LogCodec.Reader(bytes);
    byte type = in.type();
    long seq = in.longValue();
    switch (type) {
      case PREPARED -> into.put(seq, new Prepared(seq, in.string(), in.string()));
      case RESOLVED -> into.remove(seq);
      default -> throw new UncheckedIOException(new IOException("unknown participant log record " + type));
    }
  }
}
