package dev.caplab.core.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Durable versioned key-value store; called from gRPC threads, must be thread-safe (and is).
 *
 * <p>Every write is a record in one {@link RecordLog} ({@value #LOG_FILE} in the store directory).
 * After the record's batch is fsync'd, the log's writer thread applies it to memory in log order
 * (only if newer), then the future completes. When the log outgrows {@code compactAfterBytes}, the
 * writer thread rewrites it as one record per live entry and meta value (temp file, fsync, rename,
 * fsync dir): a crash at any step leaves either the whole old log or the whole new one. Futures
 * complete as {@link RecordLog}'s do: often on the writer thread itself (an unforced put's, often
 * on the caller's), so a dependent stage must not block (and must never wait for another write of
 * this store).
 */
public final class DurableStore implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DurableStore.class.getName());
  static final long DEFAULT_COMPACT_AFTER_BYTES = 64L << 20;
  static final String LOG_FILE = "store.log";
  private static final String LOCK_FILE = "LOCK";

  private final StoreState state;
  private final RecordLog log;
  private final FileChannel lockChannel;
  private final long compactAfterBytes;
  private final AtomicInteger compactions = new AtomicInteger();
  private long compactedBytes; // writer thread only

  private DurableStore(
      StoreState state, RecordLog log, FileChannel lockChannel, long compactAfterBytes) {
    this.state = state;
    this.log = log;
    this.lockChannel = lockChannel;
    this.compactAfterBytes = compactAfterBytes;
    log.afterEachBatch(this::maybeCompact);
  }

  /** Opens the store in dir (created if absent), recovering its log. */
  public static DurableStore open(Path dir) throws IOException {
    return open(dir, DEFAULT_COMPACT_AFTER_BYTES);
  }

  public static DurableStore open(Path dir, long compactAfterBytes) throws IOException {
    if (compactAfterBytes <= 0) {
      throw new IllegalArgumentException(
          "compactAfterBytes must be positive: " + compactAfterBytes);
    }
    Files.createDirectories(dir);
    FileChannel lockChannel = lockDirectory(dir);
    try {
      StoreState state = new StoreState();
      RecordLog log = RecordLog.open(dir.resolve(LOG_FILE), state::applyRecord);
      return new DurableStore(state, log, lockChannel, compactAfterBytes);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  public Optional<Versioned> get(String key) {
    return state.get(key);
  }

  /** The stored version of key, {@link Version#ZERO} when absent. */
  public Version version(String key) {
    return state.version(key);
  }

  /**
   * Writes value under key if version is newer than the stored one. The value becomes visible to
   * get() only after it is durable (fsync'd), and the future then completes with true; false (no
   * write to disk needed) when not newer. Also false when a concurrent put of a newer version to
   * the same key became durable first (this record is then on disk but superseded). Fails with
   * IOException when the disk fails.
   */
  public CompletableFuture<Boolean> put(String key, String value, Version version) {
    return put(key, value, version, true);
  }

  /**
   * As {@link #put}, but without an fsync of its own: visible, and the future complete, once the
   * record is written to the file. It survives a crash of this process; a machine crash can take it
   * until the next forced write or {@link #sync()}. Only for a write a restart can recover from
   * elsewhere (a slave's commit: its PREPARED record and the master hold it).
   */
  public CompletableFuture<Boolean> putUnforced(String key, String value, Version version) {
    return put(key, value, version, false);
  }

  private CompletableFuture<Boolean> put(String key, String value, Version version, boolean force) {
    Objects.requireNonNull(key, "key");
    Versioned versioned = new Versioned(value, version);
    if (!version.isNewerThan(state.version(key))) {
      return CompletableFuture.completedFuture(false);
    }
    byte[] record = StoreRecords.put(key, versioned);
    Supplier<Boolean> apply = () -> state.applyPut(key, versioned);
    return force ? log.append(record, apply) : log.appendUnforced(record, apply);
  }

  /** Completes once every write before it, unforced ones included, is on disk. */
  public CompletableFuture<Void> sync() {
    return log.sync();
  }

  /** Entries whose version counter is greater than counter, ordered by version (for catch-up). */
  public List<Map.Entry<String, Versioned>> entriesNewerThan(long counter) {
    return state.entriesNewerThan(counter);
  }

  /** A copy matching one point of the log: consistent across keys (inspector, anti-entropy). */
  public SortedMap<String, Versioned> snapshot() {
    return state.snapshot();
  }

  public int size() {
    return state.size();
  }

  /** Highest version counter stored, 0 when empty. */
  public long maxCounter() {
    return state.maxCounter();
  }

  /**
   * Small durable metadata (e.g. a protocol's watermark); the last put wins; put completes after
   * fsync.
   */
  public CompletableFuture<Void> putMeta(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return log.append(
        StoreRecords.meta(name, value),
        () -> {
          state.applyMeta(name, value);
          return null;
        });
  }

  public Optional<String> getMeta(String name) {
    return state.getMeta(name);
  }

  /** Completes pending puts (durably), then releases the directory. */
  @Override
  public void close() throws IOException {
    try {
      log.close();
    } finally {
      lockChannel.close(); // releases the lock
    }
  }

  long fsyncCount() {
    return log.fsyncCount();
  }

  int compactionCount() {
    return compactions.get();
  }

  long logSizeBytes() {
    return log.sizeBytes();
  }

  SortedMap<String, String> metaSnapshot() {
    return state.metaSnapshot();
  }

  RecordLog log() {
    return log;
  }

  /**
   * Runs on the writer thread, the only mutator, so the state it writes covers every logged record.
   */
  private void maybeCompact() {
    long size = log.sizeBytes();
    // Twice the last compacted size: when live data alone exceeds the threshold, do not compact
    // every batch.
    if (size <= Math.max(compactAfterBytes, 2 * compactedBytes)) {
      return;
    }
    try {
      log.rewrite(state.asRecords());
      compactedBytes = log.sizeBytes();
      compactions.incrementAndGet();
      LOG.log(
          System.Logger.Level.INFO,
          "Compacted {0}: {1} -> {2} bytes",
          LOG_FILE,
          size,
          compactedBytes);
    } catch (IOException e) {
      compactedBytes = size; // retry only after the log doubles, not after every batch
      LOG.log(
          System.Logger.Level.ERROR,
          "Compaction of " + LOG_FILE + " failed; the old log stays valid",
          e);
    }
  }

  private static FileChannel lockDirectory(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("store directory is in use by another process: " + dir);
      }
      return channel;
    } catch (OverlappingFileLockException e) {
      channel.close();
      throw new IOException("store directory is already open in this process: " + dir, e);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }
}
