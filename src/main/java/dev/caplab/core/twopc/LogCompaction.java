package dev.caplab.core.twopc;

import dev.caplab.core.storage.RecordLog;
import java.io.IOException;
import java.util.List;

/**
 * How both transaction logs shrink: past {@link #COMPACT_BYTES} a log is rewritten as its live
 * records (those a restart still needs). Stateless; callers hold their log's monitor so that a
 * rewrite covers every record appended before it.
 */
final class LogCompaction {

  /**
   * Large enough that rewrites are rare under load, small enough that a restart replays the log
   * quickly.
   */
  static final long COMPACT_BYTES = 8L << 20;

  private LogCompaction() {}

  static boolean due(RecordLog log) {
    return log.sizeBytes() > COMPACT_BYTES;
  }

  /**
   * Rewrites log as records; a failure is logged, not thrown: the old log stays whole and keeps
   * growing.
   */
  static void rewrite(RecordLog log, String file, List<byte[]> records) {
    try {
      log.rewrite(records);
    } catch (IOException e) {
      System.getLogger(LogCompaction.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "Compaction of " + file + " failed; the log keeps growing until the next try",
              e);
    }
  }
}
