package dev.caplab.core.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Append-only file of length+CRC32C-framed records with group commit. Thread-safe: any thread may
 * append; one writer thread owns the file, writes every pending record with one write and one fsync
 * (none when no record of the batch asks for one: {@link #appendUnforced}), then completes the
 * whole batch. A record with nothing before it still to be written is written by its caller: an
 * unforced one completes at once, a forced one appended on an event loop ({@link LoopForce}) is
 * fsync'd, together with every record the loop appends meanwhile, by a task that loop runs next.
 *
 * <p>Frame: {@code int length, int crc32c(length bytes + payload), payload}. Futures complete on
 * the writer thread (a record written by its caller: on the caller's, or for a forced one on its
 * loop, unless the writer's fsync comes first) when no other append is waiting (a hand-off to a
 * pool costs more than most continuations), else on a completion pool so that the next fsync starts
 * at once. Either way a dependent stage must not block: on the writer thread it stalls every later
 * append, and waiting there for another append of this log deadlocks it.
 */
public final class RecordLog implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RecordLog.class.getName());
  static final int HEADER_BYTES = 8;
  private static final String REWRITE_SUFFIX = ".rewrite";
  private static final Pending<Void> CLOSE = new Pending<>(null, () -> null, true);
  // A loop's records do not wake the writer, so it runs the after-batch hook only this often.
  private static final long HOOK_EVERY_BYTES = 1 << 20;

  /** Runs just before each fsync; tests use it to hold the writer or inject a disk failure. */
  interface ForceHook {
    void beforeForce() throws IOException;
  }

  /**
   * force: the record's batch is fsync'd before it completes; otherwise it completes once written
   * to the file (it then survives the process's crash, and reaches the disk with the next forced
   * batch). A null record writes nothing: a forced one is a {@link #sync()}.
   */
  private record Pending<T>(
      byte[] record, Supplier<T> onDurable, boolean force, CompletableFuture<T> future) {
    Pending(byte[] record, Supplier<T> onDurable, boolean force) {
      this(record, onDurable, force, new CompletableFuture<>());
    }
  }

  private final Path file;
  private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
  private final Object stateLock = new Object(); // orders "closed" against enqueueing
  private final ReentrantLock ioLock =
      new ReentrantLock(); // held while the file is written or swapped
  private final Thread writer;
  private final ExecutorService completer;
  private final AtomicLong sizeBytes;
  private final AtomicLong fsyncs = new AtomicLong();
  private final long truncatedBytes;
  private FileChannel channel; // guarded by ioLock
  private boolean closed; // guarded by stateLock
  private int unwritten; // guarded by stateLock: queued, or taken by the writer and not yet written
  // Guarded by ioLock: records a loop wrote and a force task of that loop will fsync (or the
  // writer's next fsync, whichever comes first); every one of them is in the file before anything
  // the writer writes next, so completing them first keeps log order.
  private final List<Pending<?>> written = new ArrayList<>();
  private final List<Runnable> forcedCompletions = new ArrayList<>(); // guarded by ioLock
  private boolean forceTaskQueued; // guarded by ioLock; true whenever written is not empty
  private volatile long hookDueAtBytes;
  private volatile IOException failure;
  private volatile Runnable afterBatch = () -> {};
  private volatile ForceHook forceHook = () -> {};

  private RecordLog(Path file, FileChannel channel, long size, long truncatedBytes) {
    this.file = file;
    this.channel = channel;
    this.sizeBytes = new AtomicLong(size);
    this.hookDueAtBytes = size + HOOK_EVERY_BYTES;
    this.truncatedBytes = truncatedBytes;
    this.completer = completionPool(file);
    this.writer = new Thread(this::runWriter, "record-log-writer " + file.getFileName());
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating if absent) and replays every complete, checksum-valid record in order; a torn
   * or corrupt tail is truncated (and logged via java.lang.System.Logger).
   */
  public static RecordLog open(Path file, Consumer<byte[]> replay) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    // A leftover means a rewrite crashed before its rename: the log itself is still the complete
    // old one.
    Files.deleteIfExists(rewritePath(absolute));
    boolean created = !Files.exists(absolute);
    FileChannel channel =
        FileChannel.open(
            absolute, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      if (created) {
        forceDirectory(dir);
      }
      long fileSize = channel.size();
      long valid = replay(channel, absolute, replay);
      if (valid < fileSize) {
        channel.truncate(valid);
        channel.force(true);
      }
      channel.position(valid);
      return new RecordLog(absolute, channel, valid, fileSize - valid);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Appends; the future completes once the record is on disk (fsync). */
  public CompletableFuture<Void> append(byte[] record) {
    return append(record, () -> null);
  }

  /**
   * Appends; once the record's batch is on disk, the writer thread calls {@code onDurable} (in log
   * order, before the next batch is written) and the future completes with its result.
   */
  <T> CompletableFuture<T> append(byte[] record, Supplier<T> onDurable) {
    Pending<T> pending = new Pending<>(Objects.requireNonNull(record, "record"), onDurable, true);
    Executor loop = LoopForce.current();
    return loop != null && writtenHere(pending, loop) ? pending.future : enqueue(pending);
  }

  /**
   * Appends without an fsync of its own: the future completes once the record is written to the
   * file, where a crash of this process cannot take it; a machine crash can, until the next forced
   * batch or {@link #sync()} (records reach the disk in log order, so a forced record covers every
   * record before it). For records whose loss a restart tolerates.
   */
  public CompletableFuture<Void> appendUnforced(byte[] record) {
    return appendUnforced(record, () -> null);
  }

  /** As above; {@code onWritten} runs on the writer thread in log order, as onDurable does. */
  <T> CompletableFuture<T> appendUnforced(byte[] record, Supplier<T> onWritten) {
    Pending<T> pending = new Pending<>(Objects.requireNonNull(record, "record"), onWritten, false);
    return writtenHere(pending, null) ? pending.future : enqueue(pending);
  }

  /**
   * Writes a record on the caller's thread when nothing appended before it is still to be written
   * and the file is free: one write costs less than waking the writer thread and being woken by it.
   * An unforced record then completes at once (unless an earlier one still waits for its fsync); a
   * forced one, on {@code loop}'s force task. Never waits: false when the writer holds the file (it
   * may be in an fsync).
   */
  private boolean writtenHere(Pending<?> pending, Executor loop) {
    synchronized (stateLock) {
      if (closed || unwritten > 0 || failure != null || !ioLock.tryLock()) {
        return false;
      }
    }
    Runnable completion = null;
    boolean queueForceTask = false;
    try {
      ByteBuffer frame = frame(List.of(pending));
      long bytes = frame.remaining();
      while (frame.hasRemaining()) {
        channel.write(frame);
      }
      sizeBytes.addAndGet(bytes);
      if (pending.force || !written.isEmpty()) {
        written.add(pending);
        queueForceTask = !forceTaskQueued;
        forceTaskQueued = true;
      } else {
        completion = durable(pending);
      }
    } catch (IOException | RuntimeException e) {
      failure = e instanceof IOException io ? io : new IOException(e);
      LOG.log(
          System.Logger.Level.ERROR,
          "Write of " + file + " failed; log refuses further appends",
          e);
      completion = () -> pending.future.completeExceptionally(failure);
    } finally {
      ioLock.unlock();
    }
    if (queueForceTask) {
      queueForceTask(loop);
    }
    if (completion != null) {
      completion.run();
    }
    return true;
  }

  private void queueForceTask(Executor loop) {
    try {
      loop.execute(this::forceTask);
    } catch (RejectedExecutionException e) {
      // The loop is shutting down: the writer's next fsync completes the records instead.
      ioLock.lock();
      try {
        forceTaskQueued = false;
      } finally {
        ioLock.unlock();
      }
      sync();
    }
  }

  /** Runs on the loop after its current work: one fsync for all it wrote, then continuations. */
  private void forceTask() {
    List<Runnable> completions;
    ioLock.lock();
    try {
      forceTaskQueued = false;
      forceWritten();
      completions = takeForcedCompletions();
    } finally {
      ioLock.unlock();
    }
    completions.forEach(RecordLog::runQuietly);
    if (sizeBytes.get() >= hookDueAtBytes) {
      hookDueAtBytes = sizeBytes.get() + HOOK_EVERY_BYTES;
      enqueue(new Pending<>(null, () -> null, false)); // the writer runs the hook after it
    }
  }

  /**
   * Fsyncs the records loops wrote and applies them in log order; their futures complete from
   * forcedCompletions. Holds ioLock.
   */
  private void forceWritten() {
    if (written.isEmpty()) {
      return;
    }
    IOException cause = failure;
    if (cause == null) {
      try {
        forceHook.beforeForce();
        channel.force(false);
        fsyncs.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        cause = e instanceof IOException io ? io : new IOException(e);
        failure = cause;
        LOG.log(System.Logger.Level.ERROR, "Fsync of " + file + " failed; log refuses appends", e);
      }
    }
    for (Pending<?> pending : written) {
      IOException failed = cause;
      forcedCompletions.add(
          failed == null ? durable(pending) : () -> pending.future.completeExceptionally(failed));
    }
    written.clear();
  }

  private List<Runnable> takeForcedCompletions() {
    if (forcedCompletions.isEmpty()) {
      return List.of();
    }
    List<Runnable> taken = new ArrayList<>(forcedCompletions);
    forcedCompletions.clear();
    return taken;
  }

  /** Completes once every record appended before it is on disk (fsync'd). */
  public CompletableFuture<Void> sync() {
    return enqueue(new Pending<>(null, () -> null, true));
  }

  private <T> CompletableFuture<T> enqueue(Pending<T> pending) {
    synchronized (stateLock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IOException("record log is closed: " + file));
      }
      queue.add(pending);
      unwritten++;
    }
    return pending.future;
  }

  public long sizeBytes() {
    return sizeBytes.get();
  }

  /**
   * Atomically replaces the whole log with these records (write temp file, fsync, rename, fsync
   * dir) - used for compaction. Appends wait meanwhile; the caller must pass records covering
   * everything already logged.
   */
  public void rewrite(Iterable<byte[]> records) throws IOException {
    Path temp = rewritePath(file);
    ioLock.lock();
    try {
      forceWritten(); // the records replacing the log may come from state those records update
      throwIfFailed();
      FileChannel next =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      long written;
      try {
        written = writeAll(next, records);
        next.force(true);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException | RuntimeException e) {
        next.close();
        Files.deleteIfExists(temp);
        throw e;
      }
      // The name now points at the new file, so appends must go there even if the directory sync
      // fails.
      FileChannel old = channel;
      channel = next;
      sizeBytes.set(written);
      old.close();
      try {
        forceDirectory(file.getParent());
      } catch (IOException e) {
        failure = e; // the rename may not survive a crash: stop acknowledging appends
        throw e;
      }
    } finally {
      ioLock.unlock();
    }
  }

  /** Stops accepting appends, writes and fsyncs those already queued, then closes the file. */
  @Override
  public void close() throws IOException {
    synchronized (stateLock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(CLOSE); // last element: nothing is enqueued after closed is set
    }
    if (Thread.currentThread() != writer) {
      joinUninterruptibly(writer);
    }
    completer.shutdown(); // queued completions still run
    ioLock.lock();
    try {
      channel.close();
    } finally {
      ioLock.unlock();
    }
  }

  /**
   * How many times the writer forced the file; with group commit this stays below the append count.
   */
  long fsyncCount() {
    return fsyncs.get();
  }

  /** Bytes of torn or corrupt tail dropped when this log was opened. */
  long truncatedBytes() {
    return truncatedBytes;
  }

  /**
   * Runs on the writer thread after each batch is durable and its callbacks ran (DurableStore
   * compacts here).
   */
  void afterEachBatch(Runnable hook) {
    this.afterBatch = Objects.requireNonNull(hook);
  }

  void forceHook(ForceHook hook) {
    this.forceHook = Objects.requireNonNull(hook);
  }

  private void runWriter() {
    List<Pending<?>> batch = new ArrayList<>();
    boolean closing = false;
    while (!closing) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // nobody interrupts this thread on purpose; close() ends it via CLOSE
      }
      queue.drainTo(batch);
      if (batch.get(batch.size() - 1) == CLOSE) {
        batch.remove(batch.size() - 1);
        closing = true;
      }
      int taken = batch.size();
      if (closing) {
        batch.add(new Pending<>(null, () -> null, true)); // unforced records reach the disk too
      }
      if (!batch.isEmpty()) {
        writeBatch(batch);
      }
      synchronized (stateLock) {
        unwritten -= taken;
      }
      batch.clear();
    }
  }

  private void writeBatch(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    ioLock.lock();
    try {
      completions.addAll(takeForcedCompletions());
      if (failure != null) {
        IOException cause =
            new IOException("record log unusable after an earlier I/O failure: " + file, failure);
        failAll(written, cause);
        written.clear();
        failAll(batch, cause);
        completer.execute(() -> completions.forEach(RecordLog::runQuietly)); // not under ioLock
        return;
      }
      try {
        ByteBuffer frames = frame(batch);
        long bytes = frames.remaining();
        while (frames.hasRemaining()) {
          channel.write(frames);
        }
        if (!written.isEmpty() || batch.stream().anyMatch(Pending::force)) {
          forceHook.beforeForce();
          channel.force(false);
          fsyncs.incrementAndGet();
        }
        sizeBytes.addAndGet(bytes);
      } catch (IOException | RuntimeException e) {
        // The file may now hold a partial batch; reopening truncates it, appending after it would
        // not.
        IOException cause = e instanceof IOException io ? io : new IOException(e);
        failure = cause;
        LOG.log(
            System.Logger.Level.ERROR,
            "Write/fsync of " + file + " failed; log refuses further appends",
            e);
        failAll(written, cause);
        written.clear();
        failAll(batch, cause);
        completer.execute(() -> completions.forEach(RecordLog::runQuietly)); // not under ioLock
        return;
      }
      for (Pending<?> pending : written) { // in the file before this batch
        completions.add(durable(pending));
      }
      written.clear();
      for (Pending<?> pending : batch) {
        completions.add(durable(pending));
      }
    } finally {
      ioLock.unlock();
    }
    runCompletions(completions);
    hookDueAtBytes = sizeBytes.get() + HOOK_EVERY_BYTES;
    try {
      afterBatch.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "After-batch hook of " + file + " failed", e);
    }
  }

  private <T> Runnable durable(Pending<T> pending) {
    try {
      T result = pending.onDurable.get();
      return () -> pending.future.complete(result);
    } catch (RuntimeException e) {
      return () -> pending.future.completeExceptionally(e);
    }
  }

  /**
   * Callers' continuations run on this thread when no append is waiting (a thread hand-off costs
   * more than they do); when appends wait, on the completer, so the next fsync starts at once.
   */
  private void runCompletions(List<Runnable> completions) {
    if (queue.isEmpty()) {
      completions.forEach(RecordLog::runQuietly);
    } else {
      completer.execute(() -> completions.forEach(RecordLog::runQuietly));
    }
  }

  private static void runQuietly(Runnable completion) {
    try {
      completion.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "A continuation of a durable append failed", e);
    }
  }

  private void failAll(List<Pending<?>> batch, IOException cause) {
    for (Pending<?> pending : batch) {
      completer.execute(() -> pending.future.completeExceptionally(cause));
    }
  }

  private void throwIfFailed() throws IOException {
    if (failure != null) {
      throw new IOException("record log unusable after an earlier I/O failure: " + file, failure);
    }
  }

  private static ByteBuffer frame(List<Pending<?>> batch) {
    long total = 0;
    for (Pending<?> pending : batch) {
      if (pending.record != null) {
        total += HEADER_BYTES + pending.record.length;
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalStateException("batch too large: " + total + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) total);
    for (Pending<?> pending : batch) {
      if (pending.record != null) {
        putFrame(buffer, pending.record);
      }
    }
    return buffer.flip();
  }

  private static long writeAll(FileChannel target, Iterable<byte[]> records) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    long written = 0;
    for (byte[] record : records) {
      int frameBytes = HEADER_BYTES + record.length;
      if (buffer.remaining() < frameBytes) {
        written += drain(target, buffer);
        if (buffer.capacity() < frameBytes) {
          buffer = ByteBuffer.allocate(frameBytes);
        }
      }
      putFrame(buffer, record);
    }
    return written + drain(target, buffer);
  }

  private static long drain(FileChannel target, ByteBuffer buffer) throws IOException {
    buffer.flip();
    long bytes = buffer.remaining();
    while (buffer.hasRemaining()) {
      target.write(buffer);
    }
    buffer.clear();
    return bytes;
  }

  private static void putFrame(ByteBuffer buffer, byte[] record) {
    buffer.putInt(record.length).putInt(checksum(record.length, record)).put(record);
  }

  static int checksum(int length, byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(4).putInt(0, length));
    crc.update(payload);
    return (int) crc.getValue();
  }

  /**
   * Feeds every valid record to {@code replay} and returns the offset where the valid prefix ends.
   */
  private static long replay(FileChannel channel, Path file, Consumer<byte[]> replay)
      throws IOException {
    long size = channel.size();
    long offset = 0;
    // Not closed: closing the stream would close the channel, which the log keeps.
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(Channels.newInputStream(channel.position(0)), 1 << 16));
    while (offset < size) {
      long left = size - offset;
      if (left < HEADER_BYTES) {
        return truncateAt(file, offset, size, "torn record header");
      }
      int length = in.readInt();
      int expected = in.readInt();
      if (length < 0 || length > left - HEADER_BYTES) {
        return truncateAt(
            file,
            offset,
            size,
            "record length "
                + length
                + " runs past the end of the file (torn write or corrupt length)");
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      if (checksum(length, payload) != expected) {
        return truncateAt(file, offset, size, "checksum mismatch");
      }
      try {
        replay.accept(payload);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      offset += HEADER_BYTES + length;
    }
    return offset;
  }

  private static long truncateAt(Path file, long offset, long size, String reason) {
    LOG.log(
        System.Logger.Level.WARNING,
        "Recovering {0}: {1} at offset {2}; dropping that record and all " + "after it ({3} bytes)",
        file,
        reason,
        offset,
        size - offset);
    return offset;
  }

  private static Path rewritePath(Path file) {
    return file.resolveSibling(file.getFileName() + REWRITE_SUFFIX);
  }

  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static ExecutorService completionPool(Path file) {
    AtomicInteger counter = new AtomicInteger();
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        task -> {
          Thread thread =
              new Thread(
                  task,
                  "record-log-completion-" + counter.incrementAndGet() + " " + file.getFileName());
          thread.setDaemon(true);
          return thread;
        },
        (task, pool) ->
            task.run()); // after shutdown, complete on the caller rather than drop a future
  }

  private static void joinUninterruptibly(Thread thread) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
